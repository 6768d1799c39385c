package dev.taskrunner.core.json;

import dev.taskrunner.core.TaskRunnerException;

/** The bytes are not one well-formed JSON document; the message says where and why. */
public class JsonSyntaxException extends TaskRunnerException {
  public JsonSyntaxException(String message) {
    super(message);
  }
}
