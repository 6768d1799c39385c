package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.machine.TaskSignaledException;
import dev.taskrunner.core.process.ProcessTree;
import dev.taskrunner.core.process.SelfProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the command under a small Perl waiter ({@link WaiterScript}, read by perl from its stdin):
 * the waiter leads the task's process group, forks and execs the command (through {@code setpriv}
 * for a task user), forwards SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1 and SIGUSR2 to it, and
 * writes the command's real end (exit code, signal, or why it could not start) into a report file
 * that this launch created with mode 0600 in {@code java.io.tmpdir}, where the task cannot write
 * when it runs as a user of its own. So a {@code kill -9} is a signal and not a made-up 137, and a
 * missing program is an error with its reason, not exit 127.
 *
 * <p>A task that runs as the runner's own user could write the report too: it has the runner's
 * rights anyway. Costs a perl start (about 10 ms of CPU) a task.
 */
final class WaiterLaunch implements Launch {
  /** perl-base is Essential on Debian and Ubuntu; where this is missing, {@link DirectLaunch} is used. */
  static final Path PERL = Path.of("/usr/bin/perl");
  private static final byte[] SCRIPT = WaiterScript.TEXT.getBytes(StandardCharsets.UTF_8);
  /** Exit values above this come from a waiter killed by signal (value - 128) before it reported. */
  private static final int SIGNALED = 128;
  private static final int LAST_SIGNAL = 64;

  private final Path report;
  private final List<String> command = new ArrayList<>();

  /**
   * @param setpriv the words that run the command as the task's user, or empty
   * @param argv the command
   */
  WaiterLaunch(Path perl, List<String> setpriv, List<String> argv) throws IOException {
    report = newReport();
    ProcessTree.setsid().ifPresent(command::add); // a session too, so the task has no terminal
    command.addAll(List.of(perl.toString(), "-", report.toString(), Integer.toString(setpriv.size())));
    command.addAll(setpriv);
    command.addAll(argv);
  }

  @Override
  public List<String> command() {
    return command;
  }

  @Override
  public boolean leadsGroup() {
    return true; // setsid(1) in front, or the waiter's own setpgrp
  }

  @Override
  public void started(Process process) {
    // The command inherits this stdin too, at its end: it reads EOF, as it did before the waiter.
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(SCRIPT);
    } catch (IOException e) {
      // perl ended at once; result() says how
    }
  }

  @Override
  public int result(int exitValue) throws IOException {
    String line = Files.readString(report, StandardCharsets.UTF_8).strip();
    if (line.startsWith("exit ")) {
      return Integer.parseInt(line.substring(5));
    }
    if (line.startsWith("signal ")) {
      throw new TaskSignaledException(Integer.parseInt(line.substring(7)));
    }
    if (line.startsWith("error ")) {
      throw new TaskFailedException(line.substring(6));
    }
    if (exitValue > SIGNALED && exitValue <= SIGNALED + LAST_SIGNAL) {
      // The waiter itself was killed (as by a SIGKILL to the task's group): so was the task.
      throw new TaskSignaledException(exitValue - SIGNALED);
    }
    throw new TaskFailedException("the exec waiter (" + PERL + ") ended without a report (exit " + exitValue
        + "); its message, if any, is in the output");
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(report);
  }

  /**
   * A new empty file, 0600, in {@code java.io.tmpdir}, created exclusively (O_EXCL: never through a
   * link put there). Not {@code Files.createTempFile}: its SecureRandom costs a runner JVM, which
   * runs interpreted, more than the rest of its exec task (~80M instructions); a name of this
   * process's pid and the nanosecond clock is as unique, and another try follows a taken one.
   */
  private static Path newReport() throws IOException {
    Path directory = Path.of(System.getProperty("java.io.tmpdir"));
    for (int attempt = 1; ; attempt++) {
      Path file = directory.resolve("task-runner-exec-" + SelfProcess.pid() + "-" + Long.toHexString(System.nanoTime())
          + ".report");
      try {
        return Files.createFile(file, AtomicFiles.OWNER_ONLY);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
