package dev.taskrunner.core.status;

/** What reading a status file found: a status, no file, or a file that is not a status. */
public sealed interface StatusRead {

  /** No {@code status.json}: the runner has not written its first status (or never will). */
  record Missing() implements StatusRead {}

  /** A file that cannot be read as a status; {@code reason} says why. */
  record Corrupt(String reason) implements StatusRead {}

  record Present(TaskStatus status) implements StatusRead {}
}
