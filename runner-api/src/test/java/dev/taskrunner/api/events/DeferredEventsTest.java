package dev.taskrunner.api.events;

import static dev.taskrunner.api.events.EventFeedTest.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskrunner.core.service.TaskEvents;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the service tells before its listeners exist reaches them, in order, once they do. */
class DeferredEventsTest {
  private final List<String> heard = new ArrayList<>();
  private final TaskEvents recorder = new TaskEvents() {
    @Override
    public void accepted(TaskView task) {
      heard.add("accepted " + task.taskId());
    }

    @Override
    public void started(TaskView task, Duration launchLatency) {
      heard.add("started " + task.taskId() + " " + launchLatency.toMillis());
    }

    @Override
    public void finished(TaskView task, Duration ran) {
      heard.add("finished " + task.taskId());
    }

    @Override
    public void changed(TaskView task) {
      heard.add("changed " + task.taskId() + " " + task.state().json());
    }

    @Override
    public void deleted(String taskId) {
      heard.add("deleted " + taskId);
    }
  };

  @Test
  void eventsToldBeforeTheListenersAreAttachedReachThemInOrderThenLaterOnesAtOnce() {
    DeferredEvents events = new DeferredEvents();
    events.accepted(view("a", TaskState.QUEUED));
    events.started(view("a", TaskState.RUNNING), Duration.ofMillis(7));
    events.changed(view("a", TaskState.RUNNING));
    assertEquals(List.of(), heard);

    events.attach(recorder);
    assertEquals(List.of("accepted a", "started a 7", "changed a running"), heard);

    events.finished(view("a", TaskState.EXITED), Duration.ofSeconds(1));
    events.deleted("a");
    assertEquals(List.of("accepted a", "started a 7", "changed a running", "finished a", "deleted a"), heard);
  }

  @Test
  void listenersAreAttachedOnce() {
    DeferredEvents events = new DeferredEvents();
    events.attach(recorder);
    assertThrows(IllegalStateException.class, () -> events.attach(recorder));
  }
}
