package dev.taskrunner.core.runner;

import static dev.taskrunner.core.runner.RunnerFixture.echo;
import static dev.taskrunner.core.runner.RunnerFixture.output;
import static dev.taskrunner.core.runner.RunnerFixture.read;
import static dev.taskrunner.core.runner.RunnerFixture.runInBackground;
import static dev.taskrunner.core.runner.RunnerFixture.runner;
import static dev.taskrunner.core.runner.RunnerFixture.status;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskDefinitionJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a running TaskRunner: stop requests, timeouts, and the heartbeat meanwhile. */
class TaskRunnerStopTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private static final String[] LONG_TASK = {"ECHO started", "SLEEP 60", "ECHO never", "CLEANUP", "ECHO cleaned up"};

  @TempDir Path directory;
  private TaskRunner runner;
  private CompletableFuture<Integer> run;

  @AfterEach
  void stopWhateverStillRuns() {
    if (runner != null) {
      runner.requestStop(Outcome.CANCELED, StopSignals.SIGTERM);
      await().atMost(PROMPTLY).until(run::isDone);
    }
  }

  @Test
  void heartbeatsWhileTheTaskRuns() {
    // GIVEN a task that sleeps
    start(runner(directory, echo(LONG_TASK)));
    awaitOutput("started\n");

    // WHEN the heartbeat period passes, THEN updatedAt moves on while the task is unfinished
    TaskStatus first = status(directory);
    assertNull(first.finishedAt());
    assertNull(first.outcome());
    await().atMost(PROMPTLY).until(() -> read(directory) instanceof StatusRead.Present p
        && p.status().updatedAt().isAfter(first.updatedAt()) && !p.status().finished());
    assertEquals(first.startedAt(), status(directory).startedAt());
  }

  @Test
  void aStopRequestDuringALongSleepCancelsTheTaskAfterItsCleanup() throws IOException {
    // GIVEN a task sleeping for a minute
    start(runner(directory, echo(LONG_TASK)));
    awaitOutput("started\n");

    // WHEN a stop comes from another thread, as SIGTERM does
    runner.requestStop(Outcome.CANCELED, 15);

    // THEN the runner ends promptly, reports canceled with no exit code, and ran the cleanup
    await().atMost(PROMPTLY).until(run::isDone);
    assertEquals(143, run.join());
    TaskStatus status = status(directory);
    assertEquals(Outcome.CANCELED, status.outcome());
    assertNull(status.exitCode());
    assertTrue(status.finished());
    assertEquals("started\ncleaned up\n", output(directory));
  }

  @Test
  void anInterruptReportsSignalTwo() {
    start(runner(directory, echo(LONG_TASK)));
    awaitOutput("started\n");

    runner.requestStop(Outcome.CANCELED, StopSignals.SIGINT);

    await().atMost(PROMPTLY).until(run::isDone);
    assertEquals(130, run.join());
    assertEquals(Outcome.CANCELED, status(directory).outcome());
  }

  @Test
  void theFirstReasonToStopWins() {
    start(runner(directory, echo(LONG_TASK)));
    awaitOutput("started\n");

    runner.requestStop(Outcome.CANCELED, 15);
    runner.requestStop(Outcome.TIMEOUT, 0);

    await().atMost(PROMPTLY).until(run::isDone);
    assertEquals(143, run.join());
    assertEquals(Outcome.CANCELED, status(directory).outcome());
  }

  @Test
  void aStopRequestedBeforeTheRunStartsCancelsTheMainPartButNotTheCleanup() throws IOException {
    TaskRunner early = runner(directory, echo(LONG_TASK));
    early.requestStop(Outcome.CANCELED, 15);

    start(early);

    await().atMost(PROMPTLY).until(run::isDone);
    assertEquals(143, run.join());
    assertEquals(Outcome.CANCELED, status(directory).outcome());
    assertEquals("cleaned up\n", output(directory));
  }

  @Test
  void aTaskThatOutlivesItsTimeoutEndsInTimeout() throws IOException {
    start(runner(directory, TaskDefinitionJson.anEchoTask(LONG_TASK).withTimeoutSeconds(1).parsed()));

    await().atMost(PROMPTLY).until(run::isDone);

    assertEquals(ExitCodes.TIMEOUT, run.join());
    TaskStatus status = status(directory);
    assertEquals(Outcome.TIMEOUT, status.outcome());
    assertNull(status.exitCode());
    assertEquals("started\ncleaned up\n", output(directory));
  }

  private void start(TaskRunner r) {
    runner = r;
    run = runInBackground(r);
  }

  private void awaitOutput(String expected) {
    await().atMost(PROMPTLY).until(() -> output(directory).equals(expected));
  }
}
