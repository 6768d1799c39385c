package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.process.RunnerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When no runner can be started (fork fails: EAGAIN, ENOMEM), tasks stay queued in their order with
 * the reason, and start once runners can start again: none lost, none recorded as launched.
 */
class LaunchFailureTest {
  @TempDir Path workRoot;
  private final AtomicBoolean forkFails = new AtomicBoolean(true);
  private LocalTaskService service;

  /** Its runners "start" only while {@link #forkFails} is false, and then stay alive. */
  private final Environment flaky = new Environment() {
    @Override
    public RunnerHandle launch(Path taskDirectory) throws IOException {
      if (forkFails.get()) {
        throw new IOException("error=11, Resource temporarily unavailable");
      }
      RunnerIdentity identity = RunnerIdentity.self();
      return new RunnerHandle() {
        public RunnerIdentity identity() {
          return identity;
        }

        public String check() {
          return null;
        }

        public CompletableFuture<?> onExit() {
          return new CompletableFuture<>();
        }
      };
    }

    @Override
    public Optional<RunnerHandle> attach(RunnerIdentity recorded, Path taskDirectory) {
      return Optional.empty();
    }

    @Override
    public Optional<RunnerHandle> find(Path taskDirectory) {
      return Optional.empty();
    }

    @Override
    public void stop(RunnerHandle runner, String taskId, Duration grace) {}

    @Override
    public boolean killLeftovers(RunnerIdentity runner, String taskId) {
      return false;
    }
  };

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void tasksStayQueuedWithTheReasonWhileNoRunnerCanStartAndRunInOrderAfterwards() throws Exception {
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().maxRunningTasks(3).limits(1 << 20, 0).build();
    service = new LocalTaskService(config, flaky, Clock.systemUTC());
    service.start();
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
