package dev.taskrunner.api.events;

import dev.taskrunner.core.service.TaskEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Task events held until their listeners are {@link #attach}ed, then told to them in order, and
 * every later one at once. The daemon starts its service's recovery before it builds its metrics
 * and its event feed (a few hundred milliseconds of class loading the recovery need not wait for),
 * so the service is made with these; nothing it tells meanwhile is lost.
 */
public final class DeferredEvents extends ForwardingEvents {
  private final Object lock = new Object();
  /** Events told before {@link #attach}, in order; null after. Guarded by {@link #lock}. */
  private List<Consumer<TaskEvents>> held = new ArrayList<>();
  /** Set once, under {@link #lock}, after the held events were told. */
  private volatile TaskEvents listeners;

  /** Tells {@code to} every event held so far, in order, and from now on every event at once. */
  public void attach(TaskEvents to) {
    synchronized (lock) {
      if (listeners != null) {
        throw new IllegalStateException("listeners already attached");
      }
      for (Consumer<TaskEvents> event : held) {
        event.accept(to);
      }
      held = null;
      listeners = to;
    }
  }

  @Override
  void forward(Consumer<TaskEvents> event) {
    TaskEvents to = listeners;
    if (to == null) {
      synchronized (lock) {
        to = listeners;
        if (to == null) {
          held.add(event);
          return;
        }
      }
    }
    event.accept(to);
  }

}
