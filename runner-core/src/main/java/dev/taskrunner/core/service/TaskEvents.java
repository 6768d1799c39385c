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
}
