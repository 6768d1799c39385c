package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.status.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runners that die, freeze or ignore SIGTERM, seen by the node. */
class RunnerHealthIT {
  @TempDir Path workRoot;
  private ServiceFixture node;

  @BeforeEach
  void startNode() {
    node = new ServiceFixture(workRoot, 4);
    node.start();
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private long runningPid(String id) {
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 300\"],\"id\":\"" + id + "\"}");
    await().atMost(ServiceFixture.WAIT).until(() -> node.service().get(id).startedAt() != null);
    return node.service().get(id).pid();
  }

  private static void signal(String name, long pid) throws Exception {
    new ProcessBuilder("kill", "-s", name, Long.toString(pid)).start().waitFor();
  }

  @Test
  void aRunnerKilledWithSigkillIsLost() throws Exception {
    long pid = runningPid("victim");

    signal("KILL", pid);

    TaskView view = node.awaitState("victim", TaskState.LOST);
    assertTrue(view.reason().contains("without writing") || view.reason().contains("no final status"), view.reason());
  }

  @Test
  void aFrozenRunnerIsStalledAndRunningAgainWhenItThaws() throws Exception {
    long pid = runningPid("frozen");
    node.awaitState("frozen", TaskState.RUNNING);

    signal("STOP", pid);
    TaskView stalled = node.awaitState("frozen", TaskState.STALLED);
    assertTrue(stalled.heartbeatAgeMillis() > 600, "heartbeat age " + stalled.heartbeatAgeMillis());

    signal("CONT", pid);
    node.awaitState("frozen", TaskState.RUNNING);
    node.service().stop("frozen", Duration.ofSeconds(10));
  }

  @Test
  void aRunnerThatDoesNotHonourSigtermIsKilledAfterTheGracePeriodAndRecordedCanceled() throws Exception {
    long pid = runningPid("stubborn");
    ProcessHandle runner = ProcessHandle.of(pid).orElseThrow();
    signal("STOP", pid); // a stopped process cannot act on SIGTERM; SIGKILL still ends it

    TaskView view = node.service().stop("stubborn", Duration.ofSeconds(15));

    assertEquals(TaskState.EXITED, view.state());
    assertEquals(Outcome.CANCELED, view.outcome());
    assertTrue(view.reason().contains("stopped by the node"), view.reason());
    await().atMost(Duration.ofSeconds(5)).until(() -> !runner.isAlive());
  }
}
