package dev.taskrunner.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's checks, against this very test JVM: the one process whose identity a test knows for sure. */
class RunnerIdentityTest {
  private static final RunnerIdentity SELF = RunnerIdentity.self();

  @Test
  void thisProcessMatchesItsOwnIdentity() {
    assertNull(SELF.mismatch(args -> true));
  }

  @Test
  void pidsOneAndBelowAreNeverRunners() {
    for (long pid : List.of(-1L, 0L, 1L)) {
      assertEquals("pid " + pid + " cannot be a runner",
          new RunnerIdentity(pid, SELF.startTicks(), SELF.bootId()).mismatch(args -> true));
    }
  }

  @Test
  void anotherStartTimeIsAnotherProcess() {
    assertEquals("runner pid " + SELF.pid() + " is gone (the pid now belongs to another process)",
        new RunnerIdentity(SELF.pid(), SELF.startTicks() + 1, SELF.bootId()).mismatch(args -> true));
  }

  @Test
  void anotherBootIsAnotherProcess() {
    assertEquals("runner pid " + SELF.pid() + " was started before the machine rebooted",
        new RunnerIdentity(SELF.pid(), SELF.startTicks(), "another-boot").mismatch(args -> true));
  }

  @Test
  void aProcessWhoseCommandLineIsNotARunnersIsNotOne() {
    String why = SELF.mismatch(args -> false);
    assertEquals(true, why.startsWith("pid " + SELF.pid() + " is not a runner for this task"), why);
  }

  @Test
  void theCookieNamesTheTaskAndTheRunner() {
    assertEquals("t1/" + SELF.bootId() + "/" + SELF.pid() + "/" + SELF.startTicks(), SELF.cookie("t1"));
  }
}
