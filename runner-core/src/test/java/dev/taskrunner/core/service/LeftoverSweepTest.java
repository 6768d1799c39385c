package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a task's runner is gone without its ending, the node looks for the task's leftover
 * processes (a scan of every process on the host) only for a machine that may start processes:
 * an echo task runs inside its runner, so nothing of it can be left.
 */
class LeftoverSweepTest {
  @TempDir Path workRoot;
  @RegisterExtension final FakeNodes nodes = new FakeNodes();
  private LocalTaskService service;

  @Test
  void onlyATaskWhoseMachineStartsProcessesIsSweptAfterItsRunnerIsGone() {
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().maxRunningTasks(3).build();
    FakeEnvironment first = new FakeEnvironment();
    service = nodes.start(config, first);
    service.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO a\"],\"id\":\"echo-task\"}".getBytes());
    service.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"true\"]},\"id\":\"exec-task\"}".getBytes());
    await().atMost(Duration.ofSeconds(30)).until(() -> first.launched.size() == 2); // an answer may come before its launch
    service.close();

    // A restarted node's environment cannot attach either runner: both gone, neither with a status.
    FakeEnvironment restarted = new FakeEnvironment();
    service = nodes.start(config, restarted);

    assertEquals(TaskState.LOST, service.get("echo-task").state());
    assertEquals(TaskState.LOST, service.get("exec-task").state());
    assertEquals(List.of("exec-task"), restarted.leftoverSweeps);
  }
}
