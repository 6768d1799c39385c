package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.process.TaskProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one command in the task's directory, in a process group of its own, every process of it
 * marked with the task's cookie ({@link TaskContext#COOKIE_VARIABLE}). When the command ends, and
 * when it is canceled, its group and every process with the cookie are stopped (SIGTERM, SIGKILL
 * after the kill grace): a grandchild that left the group or a double-forked daemon goes too, and
 * nothing of the task outlives it.
 *
 * <p>Its end is reported as it was: an exit code, a {@link dev.taskrunner.core.machine.TaskSignaledException}
 * for a command killed by a signal, a {@link TaskFailedException} with the reason for one that
 * could not start (see {@link WaiterLaunch}; without perl, {@link DirectLaunch} is less exact). With
 * a task user, the command runs as that user, who is given the task's directory first.
 *
 * <p>Stdout and stderr share one pipe, so the output keeps the order the command wrote in, as
 * {@code 2>&1} would; two pipes pumped by two threads could reorder lines written close together.
 */
final class ExecExecution implements Execution {
  private final List<String> argv;
  private final Map<String, String> env;
  private final Path perl;
  private final Object lock = new Object();
  /** Guarded by {@code lock}. */
  private Process process;
  /** Guarded by {@code lock}. */
  private Stop stop;
  /** Guarded by {@code lock}. */
  private boolean canceled;

  ExecExecution(List<String> argv, Map<String, String> env) {
    this(argv, env, WaiterLaunch.PERL);
  }

  /** @param perl the waiter's interpreter; where it is not there, the command is started directly */
  private ExecExecution(List<String> argv, Map<String, String> env, Path perl) {
    this.argv = argv;
    this.env = env;
    this.perl = perl;
  }

  /** The same command with another perl for its waiter (a missing one: the command starts directly). */
  ExecExecution withPerl(Path other) {
    return new ExecExecution(argv, env, other);
  }

  @Override
  public int run(TaskContext context) throws IOException {
    TaskUser user = context.taskUser() == null ? null : TaskUser.lookUp(context.taskUser());
    List<String> setpriv = user == null ? List.of() : user.setpriv();
    ProcessBuilder builder = builder(context, user);
    try (Launch launch = Files.isExecutable(perl) ? new WaiterLaunch(perl, setpriv, argv)
        : new DirectLaunch(setpriv, argv, builder.environment().get("PATH"), context.directory())) {
      Process started = start(builder.command(launch.command()));
      Stop stopper = new Stop(context.cookie(), launch.leadsGroup() ? started.toHandle() : null, context.killGrace());
      OutputPump pump = OutputPump.start(started.getInputStream(), context.output());
      boolean stopNow;
      synchronized (lock) {
        process = started;
        stop = stopper;
        stopNow = canceled;
      }
      if (stopNow) {
        stopper.inBackground();
      }
      launch.started(started);
      int exitValue = waitFor(started);
      stopper.now(); // what the command left behind, which may also hold the output pipe open
      pump.drain();
      return launch.result(exitValue);
    }
  }

  /** In the task's directory (the task user's, if any), with the task's environment and cookie. */
  private ProcessBuilder builder(TaskContext context, TaskUser user) {
    Path directory = context.directory();
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new TaskFailedException("cannot run in " + directory + ": not a directory");
    }
    if (user != null) {
      user.own(directory);
    }
    ProcessBuilder builder = new ProcessBuilder().directory(directory.toFile()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    if (user != null) {
      environment.putAll(user.environment());
    }
    environment.putAll(env);
    environment.put(TaskContext.COOKIE_VARIABLE, context.cookie());
    return builder;
  }

  private Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new TaskFailedException("cannot run " + argv.get(0) + ": " + e.getMessage());
    }
  }

  /** Waits for the command; an interrupt of the runner's thread cancels it, and the wait goes on. */
  private int waitFor(Process started) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return started.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void cancel() {
    Stop stopper;
    synchronized (lock) {
      canceled = true;
      stopper = process == null ? null : stop;
    }
    if (stopper != null) {
      stopper.inBackground();
    }
  }

  /** Stops the task's group and every process with its cookie: SIGTERM, SIGKILL after the grace. */
  private record Stop(String cookie, ProcessHandle leader, Duration grace) {
    void now() {
      TaskProcesses.kill(cookie, leader, grace);
    }

    /** {@link Execution#cancel} must not block: the grace period passes on a thread of its own. */
    void inBackground() {
      Thread stopper = new Thread(this::now, "exec-stop");
      stopper.setDaemon(true);
      stopper.start();
    }
  }
}
