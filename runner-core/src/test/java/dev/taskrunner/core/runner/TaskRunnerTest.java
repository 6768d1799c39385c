package dev.taskrunner.core.runner;

import static dev.taskrunner.core.runner.RunnerFixture.FAST;
import static dev.taskrunner.core.runner.RunnerFixture.TASK_ID;
import static dev.taskrunner.core.runner.RunnerFixture.echo;
import static dev.taskrunner.core.runner.RunnerFixture.output;
import static dev.taskrunner.core.runner.RunnerFixture.read;
import static dev.taskrunner.core.runner.RunnerFixture.runner;
import static dev.taskrunner.core.runner.RunnerFixture.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskDefinitionJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TaskRunner running echo tasks inside the test JVM. Stops and timeouts: {@link TaskRunnerStopTest}. */
class TaskRunnerTest {
  @TempDir Path directory;

  @Test
  void aSucceedingTaskLeavesItsOutputAndAFinalStatus() throws IOException {
    Instant before = Instant.now();

    int code = runner(directory, echo("ECHO hello", "CLEANUP", "ECHO bye")).run();

    assertEquals(0, code);
    assertEquals("hello\nbye\n", output(directory));
    TaskStatus status = status(directory);
    assertEquals(TASK_ID, status.taskId());
    assertEquals(ProcessHandle.current().pid(), status.pid());
    assertEquals(ProcessHandle.current().info().startInstant().orElse(null), status.pidStartedAt());
    assertFalse(status.host() == null || status.host().isBlank(), "host");
    assertFalse(status.startedAt().isBefore(before), "startedAt " + status.startedAt() + " before " + before);
    assertTrue(status.finished());
    assertFalse(status.finishedAt().isBefore(status.startedAt()));
    assertEquals(status.finishedAt(), status.updatedAt());
    assertEquals(Outcome.SUCCEEDED, status.outcome());
    assertEquals(0, status.exitCode());
    assertNull(status.reason());
    assertEquals("succeeded", rawStatus().get("outcome"));
  }

  @Test
  void returnFiveEndsFailedWithCodeFive() {
    int code = runner(directory, echo("RETURN 5")).run();

    assertEquals(5, code);
    TaskStatus status = status(directory);
    assertEquals(Outcome.FAILED, status.outcome());
    assertEquals(5, status.exitCode());
    assertNull(status.reason());
  }

  @Test
  void raiseEndsInErrorWithTheReasonAndNoExitCodeAfterCleanup() throws IOException {
    int code = runner(directory, echo("ECHO before", "RAISE disk on fire", "CLEANUP", "ECHO cleaned up")).run();

    assertEquals(ExitCodes.ERROR, code);
    TaskStatus status = status(directory);
    assertEquals(Outcome.ERROR, status.outcome());
    assertEquals("disk on fire", status.reason());
    assertNull(status.exitCode());
    assertTrue(status.finished());
    assertEquals("before\ncleaned up\n", output(directory));
  }

  @Test
  void freshOnlyRefusesADirectoryThatHasAStatusAndLeavesItUntouched() throws IOException {
    // GIVEN a directory where the task ran already
    Instant earlier = Instant.parse("2026-11-24T10:00:00Z");
    new StatusFile(directory).write(TaskStatus.started("t1", 42, earlier, "other-node", earlier)
        .finish(earlier.plusSeconds(3), 0, Outcome.SUCCEEDED, null), true);
    Path statusPath = directory.resolve(TaskFiles.STATUS);
    Files.setLastModifiedTime(statusPath, FileTime.from(earlier));
    byte[] before = Files.readAllBytes(statusPath);

    // WHEN a node-launched (fresh-only) runner is started there
    int code = runner(directory, echo("ECHO again")).run();

    // THEN it refuses and touches nothing
    assertEquals(ExitCodes.REFUSED, code);
    assertArrayEquals(before, Files.readAllBytes(statusPath));
    assertEquals(FileTime.from(earlier), Files.getLastModifiedTime(statusPath));
    assertFalse(Files.exists(directory.resolve(TaskFiles.OUTPUT)), "the task ran again");
  }

  @Test
  void freshOnlyRefusesADirectoryThatANodeMarkedLost() throws IOException {
    Files.writeString(directory.resolve(TaskFiles.LOST), "{}");

    assertEquals(ExitCodes.REFUSED, runner(directory, echo("ECHO again")).run());
    assertEquals(new StatusRead.Missing(), read(directory));
  }

  @Test
  void withoutFreshOnlyATaskRunsAgainInPlace() {
    runner(directory, echo("RETURN 3")).run();
    TaskStatus first = status(directory);
    RunnerOptions again = new RunnerOptions(FAST.heartbeat(), FAST.killGrace(), false, false, FAST.clock(), FAST.maxOutputBytes(), null, false);

    int code = new TaskRunner(directory, TASK_ID, echo("RETURN 0"), again).run();

    assertEquals(0, code);
    TaskStatus second = status(directory);
    assertEquals(Outcome.SUCCEEDED, second.outcome());
    assertNotEquals(first.startedAt(), second.startedAt());
  }

  @Test
  void refusesADirectoryWhoseLockIsHeldAndWritesNoStatus() throws IOException {
    try (RunnerLock other = RunnerLock.tryAcquire(directory)) {
      int code = runner(directory, echo("ECHO hi")).run();

      assertEquals(ExitCodes.REFUSED, code);
      assertEquals(new StatusRead.Missing(), read(directory));
    }
  }

  @Test
  void readsTaskJsonWhenGivenNoDefinition() throws IOException {
    Files.write(directory.resolve(TaskFiles.TASK), TaskDefinitionJson.anEchoTask("ECHO from file", "RETURN 4").bytes());

    int code = new TaskRunner(directory, TASK_ID, null, FAST).run();

    assertEquals(4, code);
    assertEquals("from file\n", output(directory));
    assertEquals(Outcome.FAILED, status(directory).outcome());
  }

  @Test
  void anInvalidTaskJsonEndsInErrorSayingWhy() throws IOException {
    Files.writeString(directory.resolve(TaskFiles.TASK), "{\"machine\": \"echo\", \"parameters\": [\"SHOUT hi\"]}");

    new TaskRunner(directory, TASK_ID, null, FAST).run();

    TaskStatus status = status(directory);
    assertEquals(Outcome.ERROR, status.outcome());
    assertTrue(status.reason().contains("parameters: line 1: unknown statement 'SHOUT'"), status.reason());
  }

  @Test
  void aMissingTaskJsonEndsInErrorNamingTheFile() {
    new TaskRunner(directory, TASK_ID, null, FAST).run();

    TaskStatus status = status(directory);
    assertEquals(Outcome.ERROR, status.outcome());
    assertTrue(status.reason().contains(TaskFiles.TASK), status.reason());
  }

  private Map<?, ?> rawStatus() throws IOException {
    return (Map<?, ?>) Json.parse(Files.readAllBytes(directory.resolve(TaskFiles.STATUS)));
  }
}
