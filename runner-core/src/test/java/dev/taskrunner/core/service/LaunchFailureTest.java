package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * When no runner can be started (fork fails: EAGAIN, ENOMEM), tasks stay queued in their order with
 * the reason, and start once runners can start again: none lost, none recorded as launched.
 */
class LaunchFailureTest {
  @TempDir Path workRoot;
  private final AtomicBoolean forkFails = new AtomicBoolean(true);
  @RegisterExtension final FakeNodes nodes = new FakeNodes();
  private LocalTaskService service;

  @Test
  void tasksStayQueuedWithTheReasonWhileNoRunnerCanStartAndRunInOrderAfterwards() throws Exception {
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().maxRunningTasks(3).limits(1 << 20, 0).build();
    service = nodes.start(config, new FakeEnvironment(forkFails::get));
    for (int i = 0; i < 200; i++) {
      service.submit(("{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"t" + i + "\"}").getBytes());
    }

    // THEN nothing is lost or marked launched; the first says why it waits
    assertEquals(200, service.count(TaskState.QUEUED));
    assertTrue(service.get("t0").reason().startsWith("cannot start a runner: error=11"), service.get("t0").reason());
    assertNull(NodeMarks.parse(java.nio.file.Files.readAllBytes(workRoot.resolve("t0").resolve("node.json"))).launchedAt());

    // WHEN runners can start again, the first three in the queue run
    forkFails.set(false);
    await().atMost(Duration.ofSeconds(40)).until(() -> service.count(TaskState.RUNNING) == 3);
    assertEquals(TaskState.RUNNING, service.get("t0").state());
    assertEquals(TaskState.RUNNING, service.get("t2").state());
    assertNull(service.get("t0").reason());
    assertEquals(197, service.count(TaskState.QUEUED));
  }
}
