package dev.taskrunner.core;

/**
 * Root of every exception this project throws on purpose. Unchecked, so callers handle
 * what they can and the HTTP layer maps the rest to a status code in one place.
 */
public class TaskRunnerException extends RuntimeException {
  public TaskRunnerException(String message) {
    super(message);
  }

  public TaskRunnerException(String message, Throwable cause) {
    super(message, cause);
  }
}
