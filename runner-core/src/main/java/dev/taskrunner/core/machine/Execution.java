package dev.taskrunner.core.machine;

/**
 * One run of a machine, driven by the TaskRunner: {@link #run} on the runner's main thread,
 * then {@link #cleanup} whatever happened, while {@link #cancel} may come from another thread
 * at any time (a stop request or the task's timeout).
 */
public interface Execution {

  /**
   * Runs the main part to its end and returns the task's exit code (0-255). Throws to end the
   * task with outcome {@code error}: {@link TaskFailedException} for a failure the task itself
   * reports, anything else for a fault.
   */
  int run(TaskContext context) throws Exception;

  /**
   * Asks a running {@link #run} to stop soon, taking every process it started with it. Must not
   * block; may be called more than once, and before or after {@code run}.
   */
  void cancel();

  /**
   * The resources this run declares in its parameters (an echo script's {@code USE} lines); the
   * node adds them to the definition's {@code resources} at submission and enforces them.
   */
  default dev.taskrunner.core.task.Resources resources() {
    return dev.taskrunner.core.task.Resources.NONE;
  }

  /** Runs after the main part in every case (success, failure, cancel, timeout). */
  default void cleanup(TaskContext context) throws Exception {}
}
