package dev.taskrunner.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What /proc says of this test JVM, against what ProcessHandle says of it. */
class SelfProcessTest {

  @Test
  void thePidIsProcessHandles() {
    assertEquals(ProcessHandle.current().pid(), SelfProcess.pid());
  }

  @Test
  void theStartInstantIsProcessHandlesToTheMillisecond() {
    assertEquals(ProcessHandle.current().info().startInstant().orElseThrow(), SelfProcess.startInstant());
  }

  @Test
  void theStartTicksAreTheKernelsFor() {
    assertEquals(ProcStat.read(ProcessHandle.current().pid()).orElseThrow().startTicks(), SelfProcess.startTicks());
  }

  @Test
  void theBootTimeIsTheBtimeLine() {
    assertEquals(1764480000L, SelfProcess.bootTime(bytes("cpu  1 2 3\nintr 5 0 0 7\nctxt 99\nbtime 1764480000\nprocesses 12\n")));
    assertEquals(1764480000L, SelfProcess.bootTime(bytes("cpu  1 2 3\nbtime 1764480000")));
  }

  @Test
  void withoutABtimeLineTheBootTimeIsUnknown() {
    assertEquals(-1L, SelfProcess.bootTime(bytes("cpu  1 2 3\nctxt 99\nprocesses 12\n")));
    assertEquals(-1L, SelfProcess.bootTime(bytes("cpu  1 2 3\nbtime x\n")));
    assertEquals(-1L, SelfProcess.bootTime(bytes("cpu  1 2 3\nxbtime 12\n")));
    assertEquals(-1L, SelfProcess.bootTime(bytes("")));
    assertEquals(-1L, SelfProcess.bootTime(null));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
