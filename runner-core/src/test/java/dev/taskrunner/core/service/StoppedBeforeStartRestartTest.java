package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskrunner.core.status.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task stopped while queued is recorded {@code exited} (canceled, "stopped before it started")
 * by the node; a restarted node states it so too, and can delete it. (It once came back
 * {@code stopping} for good: recording the ending again found it recorded and waited for a runner.)
 */
class StoppedBeforeStartRestartTest {
  @TempDir Path workRoot;
  @RegisterExtension final FakeNodes nodes = new FakeNodes();
  private LocalTaskService service;

  @Test
  void aTaskStoppedWhileQueuedIsExitedAfterARestart() {
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().maxRunningTasks(1).build();
    service = nodes.start(config, new FakeEnvironment());
    service.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO a\"],\"id\":\"holder\"}".getBytes()); // takes the one slot
    service.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO b\"],\"id\":\"waiting\"}".getBytes());
    TaskView stopped = service.stop("waiting", Duration.ofSeconds(10));
    assertEquals(TaskState.EXITED, stopped.state());
    service.close();

    service = nodes.start(config, new FakeEnvironment());

    TaskView after = service.get("waiting");
    assertEquals(TaskState.EXITED, after.state());
    assertEquals(Outcome.CANCELED, after.outcome());
    assertEquals("stopped before it started", after.reason());
    service.delete("waiting");
  }
}
