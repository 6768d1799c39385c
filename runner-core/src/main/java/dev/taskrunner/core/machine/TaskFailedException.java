package dev.taskrunner.core.machine;

import dev.taskrunner.core.TaskRunnerException;

/** The task reported its own failure without an exit code (echo's {@code RAISE}): outcome {@code error}. */
public class TaskFailedException extends TaskRunnerException {
  public TaskFailedException(String message) {
    super(message);
  }
}
