package dev.taskrunner.core.status;

import java.util.Locale;

/**
 * How a finished task ended. Only {@link #SUCCEEDED} and {@link #FAILED} carry the task's own
 * exit code; a stop, a timeout or a fault says so here and never by a made-up code.
 */
public enum Outcome {
  /** Exit code 0. */
  SUCCEEDED,
  /** A non-zero exit code from the task itself. */
  FAILED,
  /** Stopped on request (SIGTERM or SIGINT to the runner, or a stop through the node). */
  CANCELED,
  /** Stopped because it outlived its {@code timeoutSeconds}. */
  TIMEOUT,
  /** The task could not run or reported a failure with no exit code; see the status {@code reason}. */
  ERROR;

  /** The name used in JSON: {@code "succeeded"}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Outcome fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public static Outcome ofExitCode(int code) {
    return code == 0 ? SUCCEEDED : FAILED;
  }
}
