package dev.taskrunner.core.task;

import dev.taskrunner.core.TaskRunnerException;

/**
 * A task definition was refused. {@link #field()} names the offending field as a path
 * ({@code parameters.command}, {@code parameters[3]}), the message reads
 * {@code "<field>: <reason>"} so it can be shown to a user as it is.
 */
public class InvalidTaskException extends TaskRunnerException {
  private final String field;

  public InvalidTaskException(String field, String reason) {
    super(field == null || field.isEmpty() ? reason : field + ": " + reason);
    this.field = field;
  }

  /** The path of the field at fault; empty for the document as a whole. */
  public String field() {
    return field;
  }
}
