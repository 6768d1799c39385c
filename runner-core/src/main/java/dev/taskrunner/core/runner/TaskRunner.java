package dev.taskrunner.core.runner;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.Machines;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.machine.TaskOutput;
import dev.taskrunner.core.machine.TaskSignaledException;
import dev.taskrunner.core.env.slurm.SlurmJob;
import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.process.SelfProcess;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskDefinition;
import dev.taskrunner.core.task.TaskDefinitions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntConsumer;

/**
 * Runs one task in its directory and keeps {@code status.json} true from the first instant to the
 * last: lock the directory, write the first status, heartbeat, run the machine with its output in
 * {@code output.log}, run its cleanup, write the final status. SIGTERM, SIGINT and SIGHUP stop the
 * task ({@code canceled}); outliving {@code timeoutSeconds} stops it too ({@code timeout}).
 *
 * <p>One runner per directory: a second one refuses with {@link ExitCodes#REFUSED} and touches
 * nothing. With {@link RunnerOptions#freshOnly()}, a directory that already has a status is also
 * refused, so a node can never start a task twice.
 */
public final class TaskRunner {
  private final Path directory;
  private final TaskFiles files;
  private final String taskId;
  private final TaskDefinition given;
  private final RunnerOptions options;
  private final RunnerLog log;
  /** Guarded by {@code this} (not an AtomicReference: its VarHandle set-up costs an interpreted runner ~1 ms). */
  private Stop stop;
  /** Guarded by {@code this}. */
  private Execution execution;

  private record Stop(Outcome outcome, int signal) {}

  /**
   * @param definition the task, or {@code null} to read {@code task.json} from the directory
   */
  public TaskRunner(Path directory, String taskId, TaskDefinition definition, RunnerOptions options) {
    this.directory = directory;
    this.files = new TaskFiles(directory);
    this.taskId = taskId;
    this.given = definition;
    this.options = options;
    this.log = new RunnerLog(directory, options.clock());
  }

  /** Runs the task to its end and returns the process exit code (see {@link ExitCodes}). */
  public int run() {
    // Before anything else, so a stop that arrives during start-up is kept, not lost with the JVM.
    StopSignals.install(new StopBySignal(this));
    RunnerLock lock;
    try {
      lock = RunnerLock.tryAcquire(directory);
    } catch (IOException e) {
      System.err.println("runner: cannot lock " + directory + ": " + e.getMessage());
      return ExitCodes.REFUSED;
    }
    if (lock == null) {
      System.err.println("runner: another runner is running the task in " + directory + "; refusing");
      return ExitCodes.REFUSED;
    }
    try (lock) {
      return runLocked();
    } catch (IOException e) {
      return ExitCodes.ERROR; // releasing the lock failed; the process exit drops it anyway
    }
  }

  private int runLocked() {
    StatusFile statusFile = new StatusFile(directory);
    // A node never has a task run twice: not where a status exists, nor where it gave up (lost.json).
    if (options.freshOnly() && (Files.exists(statusFile.path(), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(files.lost(), LinkOption.NOFOLLOW_LINKS))) {
      System.err.println("runner: the task in " + directory + " has run already; refusing to run it again");
      return ExitCodes.REFUSED;
    }
    StatusKeeper status = new StatusKeeper(statusFile, options.clock(), log);
    try {
      status.start(TaskStatus.started(taskId, SelfProcess.pid(), SelfProcess.startInstant(), Host.name(),
          options.clock().instant()));
    } catch (RuntimeException e) {
      log.error("cannot write the first status", e);
      System.err.println("runner: cannot write " + statusFile.path() + ": " + e.getMessage());
      return ExitCodes.ERROR;
    }
    status.startHeartbeat(options.heartbeat());
    Result result = runTask();
    status.finish(result.exitCode, result.outcome, result.reason, result.signal); // retries until written
    log.info("finished: " + result.outcome.json() + (result.exitCode == null ? "" : " exit code " + result.exitCode));
    Stop how = stop();
    return ExitCodes.of(result.outcome, result.exitCode, result.signal, how == null ? 0 : how.signal);
  }

  private record Result(Outcome outcome, Integer exitCode, String reason, Integer signal) {
    Result(Outcome outcome, Integer exitCode, String reason) {
      this(outcome, exitCode, reason, null);
    }
  }

  /** What marks the task's processes: made of what the node recorded of this runner. */
  private String cookie() {
    return options.slurmJob() != null ? SlurmJob.cookie(taskId, options.slurmJob()) : RunnerIdentity.self().cookie(taskId);
  }

  private Result runTask() {
    try (TaskOutput output = new TaskOutput(openOutput(), options.echoOutput() ? System.out : null, options.maxOutputBytes())) {
      TaskContext context = new TaskContext(taskId, workDirectory(), output, options.killGrace(),
          cookie(), options.taskUser());
      TaskDefinition definition = given != null ? given
          : TaskDefinitions.parse(TaskFiles.readRegular(files.task(), Integer.MAX_VALUE - 8));
      Execution prepared = Machines.installed().find(definition.machine()).orElseThrow().prepare(definition.parameters());
      if (definition.timeoutSeconds() != null) {
        startTimeout(definition.timeoutSeconds());
      }
      boolean stoppedAlready;
      synchronized (this) {
        execution = prepared;
        stoppedAlready = stop != null;
      }
      if (stoppedAlready) {
        prepared.cancel(); // a stop that came before the execution existed
      }
      Result main = runMain(prepared, context);
      // A stop that comes during cleanup does not rewrite how the main part ended.
      Stop how = stop();
      Result afterCleanup = runCleanup(prepared, context, main);
      return how == null ? afterCleanup : new Result(how.outcome, null, null);
    } catch (Exception e) {
      log.error("the task could not run", e);
      Stop how = stop();
      return how != null ? new Result(how.outcome, null, null) : new Result(Outcome.ERROR, null, describe(e));
    }
  }

  private Result runMain(Execution prepared, TaskContext context) {
    try {
      int code = prepared.run(context);
      return new Result(Outcome.ofExitCode(code), code, null);
    } catch (TaskSignaledException e) {
      return new Result(Outcome.FAILED, null, e.getMessage(), e.signal());
    } catch (TaskFailedException e) {
      return new Result(Outcome.ERROR, null, e.getMessage());
    } catch (Exception e) {
      log.error("the task failed", e);
      return new Result(Outcome.ERROR, null, describe(e));
    }
  }

  private Result runCleanup(Execution prepared, TaskContext context, Result main) {
    try {
      prepared.cleanup(context);
      return main;
    } catch (Exception e) {
      log.error("cleanup failed", e);
      return main.outcome == Outcome.SUCCEEDED ? new Result(Outcome.ERROR, null, "cleanup failed: " + describe(e)) : main;
    }
  }

  /** {@code output.log}, appended to; never through a link a task may have put in its place. */
  private OutputStream openOutput() throws IOException {
    return Channels.newOutputStream(FileChannel.open(files.output(), java.util.Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), AtomicFiles.OWNER_ONLY));
  }

  /**
   * Where the task's processes run: {@code work/} beside the runner's files, made if missing (a
   * link there is refused), or the directory itself for a run in place.
   */
  private Path workDirectory() throws IOException {
    if (options.inPlace()) {
      return directory;
    }
    Path work = files.work();
    if (!Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(work, AtomicFiles.OWNER_ONLY_DIRECTORY); // fails on a link or a file in its place
    }
    return work;
  }

  /** Stops the task as a stop request does; the first reason to stop wins. */
  public void requestStop(Outcome outcome, int signal) {
    Execution running;
    synchronized (this) {
      if (stop != null) {
        return;
      }
      stop = new Stop(outcome, signal);
      running = execution;
    }
    if (running != null) {
      running.cancel();
    }
  }

  private synchronized Stop stop() {
    return stop;
  }

  /** A stop signal's request; no method reference, see {@link Timeout}. */
  private static final class StopBySignal implements IntConsumer {
    private final TaskRunner runner;

    StopBySignal(TaskRunner runner) {
      this.runner = runner;
    }

    @Override
    public void accept(int signal) {
      runner.requestStop(Outcome.CANCELED, signal);
    }
  }

  private void startTimeout(long seconds) {
    Thread timer = new Thread(new Timeout(this, seconds), "timeout");
    timer.setDaemon(true);
    timer.start();
  }

  /** No lambda: the runner runs interpreted and its first lambda costs ~4 ms of bootstrap. */
  private static final class Timeout implements Runnable {
    private final TaskRunner runner;
    private final long seconds;

    Timeout(TaskRunner runner, long seconds) {
      this.runner = runner;
      this.seconds = seconds;
    }

    @Override
    public void run() {
      try {
        Thread.sleep(seconds * 1000);
        runner.requestStop(Outcome.TIMEOUT, 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
