package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.taskrunner.core.service.Verdicts.Ending;
import dev.taskrunner.core.service.Verdicts.Facts;
import dev.taskrunner.core.service.Verdicts.Runner;
import dev.taskrunner.core.service.Verdicts.Verdict;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule of the state decision, with time given: no process, no file, no sleep. */
class VerdictsTest {
  private static final Instant LAUNCHED = Instant.parse("2026-11-30T10:00:00Z");
  private static final Duration STALL = Duration.ofSeconds(10);
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final TaskStatus RUNNING = TaskStatus.started("t", 4242, LAUNCHED, "h", LAUNCHED.plusMillis(80));
  private static final TaskStatus SUCCEEDED = RUNNING.finish(LAUNCHED.plusSeconds(5), 0, Outcome.SUCCEEDED, null);

  private static Facts facts(Runner runner, StatusRead status) {
    return new Facts(true, null, LAUNCHED, null, runner, runner == Runner.GONE ? "the runner (pid 4242) is gone" : null,
        status);
  }

  private static Verdict at(Facts f, long secondsAfterLaunch) {
    return Verdicts.decide(f, LAUNCHED.plusSeconds(secondsAfterLaunch), STALL, STARTUP);
  }

  private static StatusRead present(TaskStatus s) {
    return new StatusRead.Present(s);
  }

  @Test
  void aTaskNeverLaunchedIsQueued() {
    Facts f = new Facts(true, null, null, null, Runner.NOT_SEEN, null, new StatusRead.Missing());
    assertEquals(Verdict.holds(TaskState.QUEUED, null), at(f, 0));
  }

  @Test
  void aTaskStoppedBeforeItWasLaunchedIsCanceledByTheNode() {
    Facts f = new Facts(true, null, null, LAUNCHED, Runner.NOT_SEEN, null, new StatusRead.Missing());
    Verdict v = at(f, 0);
    assertEquals(TaskState.EXITED, v.state());
    assertEquals(Ending.CANCELED_BY_NODE, v.ending());
    assertEquals("stopped before it started", v.reason());
  }

  @Test
  void aTaskStoppedBeforeItWasLaunchedWhoseEndingTheNodeRecordedHoldsIt() {
    TaskStatus recorded = new TaskStatus(TaskStatus.CURRENT_VERSION, "t", 0, null, null, null, LAUNCHED, LAUNCHED, null,
        Outcome.CANCELED, "stopped before it started", null);
    Facts f = new Facts(true, null, null, LAUNCHED, Runner.NOT_SEEN, null, present(recorded));
    assertEquals(Verdict.holds(TaskState.EXITED, "stopped before it started"), at(f, 0));
  }

  @Test
  void aLiveRunnerWithAFreshHeartbeatIsRunning() {
    assertEquals(Verdict.holds(TaskState.RUNNING, null), at(facts(Runner.ALIVE, present(RUNNING.heartbeat(LAUNCHED.plusSeconds(50)))), 55));
  }

  @Test
  void aLiveRunnerWithAnOldHeartbeatIsStalledWithItsAge() {
    Verdict v = at(facts(Runner.ALIVE, present(RUNNING.heartbeat(LAUNCHED.plusSeconds(10)))), 103);
    assertEquals(TaskState.STALLED, v.state());
    assertEquals("heartbeat 93 s old", v.reason());
  }

  @Test
  void aHeartbeatExactlyAtTheThresholdIsNotYetStalled() {
    assertEquals(TaskState.RUNNING, at(facts(Runner.ALIVE, present(RUNNING.heartbeat(LAUNCHED.plusSeconds(10)))), 20).state());
  }

  @Test
  void aForgedFinalStatusWhileTheRunnerLivesIsIgnored() {
    Verdict v = at(facts(Runner.ALIVE, present(SUCCEEDED)), 6);
    assertEquals(Verdict.holds(TaskState.RUNNING, null), v, "exited only once the verified runner is gone");
  }

  @Test
  void aFinalStatusOnceTheRunnerIsGoneIsTheEnding() {
    Verdict v = at(facts(Runner.GONE, present(SUCCEEDED)), 6);
    assertEquals(TaskState.EXITED, v.state());
    assertEquals(Ending.RUNNER_STATUS, v.ending());
    assertNull(v.reason());
  }

  @Test
  void aRunnerGoneWithoutAFinalStatusIsLostWithTheKernelsReason() {
    Verdict v = at(facts(Runner.GONE, present(RUNNING)), 6);
    assertEquals(TaskState.LOST, v.state());
    assertEquals(Ending.LOST, v.ending());
    assertEquals("the runner (pid 4242) is gone and left no final status", v.reason());
  }

  @Test
  void aRunnerGoneWithoutAnyStatusIsLostPointingAtItsOutput() {
    Verdict v = at(facts(Runner.GONE, new StatusRead.Missing()), 6);
    assertEquals("the runner (pid 4242) is gone and wrote no status (see runner.out)", v.reason());
  }

  @Test
  void aRunnerGoneWithAnUnreadableStatusIsLostSayingWhy() {
    Verdict v = at(facts(Runner.GONE, new StatusRead.Corrupt("not a valid status file: x")), 6);
    assertEquals(TaskState.LOST, v.state());
    assertEquals("the runner (pid 4242) is gone; status.json cannot be used: not a valid status file: x", v.reason());
  }

  @Test
  void aLiveRunnerWithAnUnreadableStatusIsStalledSayingWhy() {
    Verdict v = at(facts(Runner.ALIVE, new StatusRead.Corrupt("not a regular file")), 6);
    assertEquals(TaskState.STALLED, v.state());
    assertEquals("status.json cannot be used: not a regular file", v.reason());
  }

  @Test
  void aStartingRunnerIsRunningUntilTheStartupTimeout() {
    assertEquals(TaskState.RUNNING, at(facts(Runner.NOT_SEEN, new StatusRead.Missing()), 29).state());
    assertEquals(TaskState.RUNNING, at(facts(Runner.ALIVE, new StatusRead.Missing()), 29).state());
  }

  @Test
  void aLiveRunnerThatWroteNoStatusPastTheStartupTimeoutIsStalled() {
    Verdict v = at(facts(Runner.ALIVE, new StatusRead.Missing()), 31);
    assertEquals(TaskState.STALLED, v.state());
    assertEquals("no status 31 s after launch", v.reason());
  }

  @Test
  void aLaunchNoRunnerTookIsQueuedAgainPastTheStartupTimeout() {
    Verdict v = at(facts(Runner.NOT_SEEN, new StatusRead.Missing()), 31);
    assertEquals(TaskState.QUEUED, v.state());
    assertEquals(Ending.RELAUNCH, v.ending());
    assertEquals("no runner took the task within 30 s of its launch; queued again", v.reason());
  }

  @Test
  void aRunnerNeverSeenThatLeftAStatusIsLostNotLaunchedAgain() {
    // A status file means some runner took the task: launching it again could run it twice.
    Verdict v = at(facts(Runner.NOT_SEEN, present(RUNNING)), 31);
    assertEquals(TaskState.LOST, v.state());
    assertEquals("no runner started within 30 s of the launch", v.reason());
    Verdict corrupt = at(facts(Runner.NOT_SEEN, new StatusRead.Corrupt("bad")), 31);
    assertEquals(TaskState.LOST, corrupt.state());
  }

  @Test
  void aStoppedLaunchNoRunnerTookIsCanceledNotLaunchedAgain() {
    Facts f = new Facts(true, null, LAUNCHED, LAUNCHED.plusSeconds(1), Runner.NOT_SEEN, null, new StatusRead.Missing());
    Verdict v = at(f, 31);
    assertEquals(TaskState.EXITED, v.state());
    assertEquals(Ending.CANCELED_BY_NODE, v.ending());
  }

  @Test
  void aStoppedTaskWithALiveRunnerIsStoppingEvenWithAFinalStatus() {
    Facts f = new Facts(true, null, LAUNCHED, LAUNCHED.plusSeconds(2), Runner.ALIVE, null, present(SUCCEEDED));
    assertEquals(Verdict.holds(TaskState.STOPPING, null), at(f, 3));
  }

  @Test
  void aStoppedTaskWhoseRunnerEndedWithoutRecordingItIsCanceledByTheNode() {
    Facts f = new Facts(true, null, LAUNCHED, LAUNCHED.plusSeconds(2), Runner.GONE, "gone", present(RUNNING));
    Verdict v = at(f, 20);
    assertEquals(TaskState.EXITED, v.state());
    assertEquals(Ending.CANCELED_BY_NODE, v.ending());
  }

  @Test
  void aStoppedTaskWhoseRunnerRecordedItsEndingKeepsTheRunnersWord() {
    Facts f = new Facts(true, null, LAUNCHED, LAUNCHED.plusSeconds(2), Runner.GONE, "gone", present(SUCCEEDED));
    assertEquals(Ending.RUNNER_STATUS, at(f, 20).ending());
  }

  @ParameterizedTest
  @EnumSource(Runner.class)
  void aRemovedDirectoryIsLostWhateverElseIsKnown(Runner runner) {
    Facts f = new Facts(false, null, LAUNCHED, null, runner, null, present(SUCCEEDED));
    Verdict v = at(f, 6);
    assertEquals(TaskState.LOST, v.state());
    assertEquals("the task directory was removed", v.reason());
    assertEquals(Ending.LOST, v.ending());
  }

  @ParameterizedTest
  @EnumSource(Runner.class)
  void theNodesLostMarkIsFinalWhateverTheStatusSays(Runner runner) {
    Facts f = new Facts(true, "given up", LAUNCHED, null, runner, null, present(SUCCEEDED));
    assertEquals(Verdict.holds(TaskState.LOST, "given up"), at(f, 6));
  }
}
