package dev.taskrunner.core.service;

import dev.taskrunner.core.TaskRunnerException;

/**
 * The request conflicts with the task's current state (HTTP 409): an id reused for another
 * definition, or deleting a task that is still active.
 */
public class TaskConflictException extends TaskRunnerException {
  private final String taskId;

  public TaskConflictException(String taskId, String message) {
    super("task " + taskId + ": " + message);
    this.taskId = taskId;
  }

  public String taskId() {
    return taskId;
  }
}
