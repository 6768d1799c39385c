package dev.taskrunner.core.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kernel says of a process, read from /proc as the node reads it before it trusts one. */
class ProcStatTest {

  @Test
  void theCommandLineIsEveryArgumentAsGivenEmptyAndNonAsciiOnesToo() throws Exception {
    List<String> command = List.of("perl", "-e", "sleep 60", "a b", "", "grüße/日本", "x".repeat(5000));
    Process process = new ProcessBuilder(command).start();
    try {
      // Until the exec lands the pid shows the JDK's spawn helper's arguments.
      await().atMost(Duration.ofSeconds(30)).until(() -> ProcStat.commandLine(process.pid()), command::equals);
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  void thisProcessIsReadWithItsStartTimeAndNotAZombie() {
    ProcStat self = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();

    assertEquals(SelfProcess.startTicks(), self.startTicks());
    assertTrue(!self.isZombie());
    assertTrue(ProcStat.commandLine(ProcessHandle.current().pid()).size() > 1);
  }

  /** A task's process may name itself anything (/proc/self/comm): bytes that are not UTF-8, parentheses, a newline. */
  @Test
  void aProcessWhoseNameIsNotUtf8OrHoldsParenthesesIsStillRead() throws Exception {
    Process process = new ProcessBuilder("perl", "-e",
        "$| = 1; open(my $c, '>', '/proc/self/comm') or die; print $c \"x) (\\xc3\\n1 2\"; close $c; print \"ok\\n\"; sleep 60").start();
    try {
      assertEquals("ok", new String(process.getInputStream().readNBytes(3)).strip());
      ProcStat stat = ProcStat.read(process.pid()).orElseThrow();
      assertEquals(process.pid(), stat.pid());
      assertEquals(ProcessHandle.current().pid(), stat.ppid());
      assertTrue(!stat.isZombie());
      assertTrue(stat.startTicks() > 0);
    } finally {
      process.destroyForcibly().waitFor();
    }
    ProcStat parsed = ProcStat.parse(7, "7 (a) b (c\n) S 1 7 7 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0");
    assertEquals('S', parsed.state());
    assertEquals(1, parsed.ppid());
    assertEquals(12345, parsed.startTicks());
  }

  @Test
  void noProcessIsNothing() {
    assertTrue(ProcStat.read(0).isEmpty());
    assertTrue(ProcStat.read(-5).isEmpty());
    assertEquals(List.of(), ProcStat.commandLine(0));
    assertEquals(List.of(), ProcStat.commandLine(Integer.MAX_VALUE)); // above pid_max: no such process
  }
}
