package dev.taskrunner.core.service;

import dev.taskrunner.core.TaskRunnerException;

/** No task has this id (HTTP 404). */
public class TaskNotFoundException extends TaskRunnerException {
  private final String taskId;

  public TaskNotFoundException(String taskId) {
    super("task " + taskId + ": no such task");
    this.taskId = taskId;
  }

  public String taskId() {
    return taskId;
  }
}
