package dev.taskrunner.api.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSignalsTest {
  @Test
  void theMaskNamesTheStopSignalsItIgnores() {
    assertEquals(List.of(), StopSignals.ignored("0000000000000000"));
    assertEquals(List.of("SIGINT"), StopSignals.ignored("0000000000000002"));
    assertEquals(List.of("SIGTERM"), StopSignals.ignored("0000000000004000"));
    assertEquals(List.of("SIGINT", "SIGTERM"), StopSignals.ignored("0000000000004002"));
    // SIGHUP (1), SIGQUIT (3), SIGPIPE (13) and real-time signals do not stop the node
    assertEquals(List.of(), StopSignals.ignored("8000000000001005"));
  }

  @Test
  void theMaskIsReadFromAStatusText() {
    String status = "Name:\tjava\nSigQ:\t0/94415\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
        + "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000006\nSigCgt:\t2000000181005ccf\n";
    assertEquals("0000000000000006", StopSignals.sigIgn(status));
    assertEquals(List.of("SIGINT"), StopSignals.ignored(StopSignals.sigIgn(status)));
    assertThrows(IllegalArgumentException.class, () -> StopSignals.sigIgn("Name:\tjava\n"));
  }
}
