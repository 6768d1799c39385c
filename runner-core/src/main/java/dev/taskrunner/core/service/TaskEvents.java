package dev.taskrunner.core.service;

import java.time.Duration;

/**
 * What happens to tasks, for whoever counts it (metrics). Called on the service's threads: keep
 * implementations quick and never throw.
 */
public interface TaskEvents {
  TaskEvents NONE = new TaskEvents() {};

  /** A new task was accepted and stored. */
  default void accepted(TaskView task) {}

  /** A task's runner wrote its first status, {@code launchLatency} after the task was accepted. */
  default void started(TaskView task, Duration launchLatency) {}

  /** A task became final: exited (see its outcome) or lost; {@code ran} is null if it never started. */
  default void finished(TaskView task, Duration ran) {}

  /**
   * A task's view changed in what a watcher follows: its state, outcome, exit code, signal, pid or
   * reason. Called once per change, after {@link #accepted}, {@link #started} or {@link #finished}
   * where those apply; not for the states tasks are given when a node recovers them at start.
   */
  default void changed(TaskView task) {}

  /** A final task was forgotten (DELETE or retention); its id may be used again. */
  default void deleted(String taskId) {}
}
