package dev.taskrunner.api.events;

import dev.taskrunner.core.service.TaskEvents;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells several {@link TaskEvents} listeners (metrics, the event feed, the activity chart) what the
 * service tells it, in order. A listener that throws is logged and skipped: the service's threads
 * must never see an exception from a listener, and the others still hear of the change.
 */
public final class TaskEventsFanOut extends ForwardingEvents {
  private static final Logger LOG = LoggerFactory.getLogger(TaskEventsFanOut.class);
  private final List<TaskEvents> listeners;

  private TaskEventsFanOut(List<TaskEvents> listeners) {
    this.listeners = listeners;
  }

  public static TaskEvents of(TaskEvents... listeners) {
    return new TaskEventsFanOut(List.of(listeners));
  }

  @Override
  void forward(Consumer<TaskEvents> call) {
    for (TaskEvents listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("a task-event listener failed: {}", listener.getClass().getSimpleName(), e);
      }
    }
  }
}
