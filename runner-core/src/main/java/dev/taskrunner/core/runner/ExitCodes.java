package dev.taskrunner.core.runner;

import dev.taskrunner.core.status.Outcome;

/**
 * Exit codes of a runner process (and of {@code runner-cli.jar task.json}). A task that ran
 * exits with its own code; the rest follow shell conventions. The status file, not this code,
 * is the record: a task may itself exit 124 or 143.
 */
public final class ExitCodes {
  /** A warm runner whose node closed its pool (or died) before handing it a task; nothing ran. */
  public static final int NO_TASK = 0;
  /**
   * The CLI's task file is missing, unreadable or invalid, or the runner's arguments are wrong;
   * nothing ran. (A node-launched runner that finds an unusable {@code task.json} records outcome
   * {@code error} instead, so the node can tell why.)
   */
  public static final int INVALID_TASK = 2;
  /** Outcome {@code error}: the task raised a failure or the runner hit a fault. */
  public static final int ERROR = 70;
  /** Another runner holds the task directory, or the task already ran there; nothing was touched. */
  public static final int REFUSED = 75;
  /** Outcome {@code timeout}, as {@code timeout(1)} does. */
  public static final int TIMEOUT = 124;

  private ExitCodes() {}

  /** 128 + the signal number for a canceled task, as a shell reports a process killed by it. */
  public static int canceledBy(int signal) {
    return 128 + signal;
  }

  /**
   * The runner's exit code for how the task ended; a command killed by {@code taskSignal} gives
   * 128 + it, as a shell does (the status file keeps the signal itself, with no exit code).
   */
  static int of(Outcome outcome, Integer taskCode, Integer taskSignal, int stopSignal) {
    switch (outcome) {
      case SUCCEEDED:
      case FAILED:
        return taskCode != null ? taskCode : 128 + (taskSignal == null ? 0 : taskSignal);
      case CANCELED:
        return canceledBy(stopSignal);
      case TIMEOUT:
        return TIMEOUT;
      default:
        return ERROR;
    }
  }
}
