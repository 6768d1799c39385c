package dev.taskrunner.core.machine;

import dev.taskrunner.core.TaskRunnerException;

/**
 * The task's command was killed by a signal rather than exiting: outcome {@code failed} with
 * {@code signal} and no exit code (a shell's 128 + N would be a made-up code).
 */
public class TaskSignaledException extends TaskRunnerException {
  private final int signal;

  public TaskSignaledException(int signal) {
    super("killed by signal " + signal);
    this.signal = signal;
  }

  public int signal() {
    return signal;
  }
}
