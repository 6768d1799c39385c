package dev.taskrunner.core.machine.exec;

import java.io.IOException;
import java.util.List;

/** How the exec machine starts its command and learns how it ended. */
interface Launch extends AutoCloseable {

  /** The argv to start (in the task's directory, with the task's environment). */
  List<String> command();

  /** True when the started process leads a process group of its own (the group's id is its pid). */
  boolean leadsGroup();

  /** Called once the process has started: gives it its stdin. */
  void started(Process process) throws IOException;

  /**
   * The task's exit code, given the started process's exit value.
   *
   * @throws dev.taskrunner.core.machine.TaskSignaledException when the command was killed by a signal
   * @throws dev.taskrunner.core.machine.TaskFailedException when the command could not start
   */
  int result(int exitValue) throws IOException;

  /** Removes what the launch made. */
  @Override
  void close() throws IOException;
}
