package dev.taskrunner.core.service;

import dev.taskrunner.core.TaskRunnerException;

/** The node cannot take work now (HTTP 503): work root not writable, shutting down. */
public class NodeUnavailableException extends TaskRunnerException {
  public NodeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
