package dev.taskrunner.api.events;

import dev.taskrunner.core.service.TaskEvents;
import dev.taskrunner.core.service.TaskView;
import java.time.Duration;
import java.util.function.Consumer;

/** {@link TaskEvents} that hands each event, as a call to make on a listener, to {@link #forward}. */
abstract class ForwardingEvents implements TaskEvents {

  /** Makes {@code event} on the listeners, now or later as the subclass says. */
  abstract void forward(Consumer<TaskEvents> event);

  @Override
  public final void accepted(TaskView task) {
    forward(l -> l.accepted(task));
  }

  @Override
  public final void started(TaskView task, Duration launchLatency) {
    forward(l -> l.started(task, launchLatency));
  }

  @Override
  public final void finished(TaskView task, Duration ran) {
    forward(l -> l.finished(task, ran));
  }

  @Override
  public final void changed(TaskView task) {
    forward(l -> l.changed(task));
  }

  @Override
  public final void deleted(String taskId) {
    forward(l -> l.deleted(taskId));
  }
}
