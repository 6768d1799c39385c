package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.process.Executables;
import dev.taskrunner.core.process.ProcessTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the command itself (through {@code setsid} where there is one) where there is no perl for
 * {@link WaiterLaunch}. A program that cannot be found or run is caught before the start, as
 * {@code execvp} would see it on the task's PATH. Less honest than the waiter, and documented so:
 * the JDK reports a command killed by signal N as exit 128 + N, which cannot be told from a real
 * {@code exit 128+N}, so it is taken as that exit code.
 */
final class DirectLaunch implements Launch {
  private final List<String> command = new ArrayList<>();

  /**
   * @param setpriv the words that run the command as the task's user, or empty
   * @param path the task's PATH, where a program without a slash is looked up
   * @param directory the task's directory, where a relative program path starts
   */
  DirectLaunch(List<String> setpriv, List<String> argv, String path, Path directory) {
    Executables.whyNotRunnable(argv.get(0), path, directory).ifPresent(why -> {
      throw new TaskFailedException("cannot run " + argv.get(0) + ": " + why);
    });
    ProcessTree.setsid().ifPresent(command::add);
    command.addAll(setpriv);
    command.addAll(argv);
  }

  @Override
  public List<String> command() {
    return command;
  }

  @Override
  public boolean leadsGroup() {
    return ProcessTree.setsid().isPresent();
  }

  @Override
  public void started(Process process) throws IOException {
    process.getOutputStream().close(); // no input: the command reads EOF
  }

  @Override
  public int result(int exitValue) {
    return exitValue & 0xff;
  }

  @Override
  public void close() {}
}
