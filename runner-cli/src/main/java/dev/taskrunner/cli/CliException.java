package dev.taskrunner.cli;

/**
 * A failure a command reports as one line on stderr ({@code runner-cli: MESSAGE}) and an exit
 * code, never as a stack trace. The root of the CLI's exceptions; an empty message prints nothing.
 */
class CliException extends RuntimeException {
  /** Exit code of a client command that failed: the node refused, could not be reached, or answered nonsense. */
  static final int FAILED = 1;
  /** Exit code of a usage error, e.g. an unreadable task file (picocli uses it for bad arguments too). */
  static final int USAGE = 2;
  private final int exitCode;

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
