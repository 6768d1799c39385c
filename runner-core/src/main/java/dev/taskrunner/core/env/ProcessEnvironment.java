package dev.taskrunner.core.env;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.process.FileLocks;
import dev.taskrunner.core.process.ProcStat;
import dev.taskrunner.core.process.ProcessTree;
import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.process.TaskProcesses;
import dev.taskrunner.core.runner.TaskRunnerMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task as a TaskRunner JVM on this host, detached from the node: started through
 * {@code setsid}, so it has its own session and process group and neither the node's death, nor
 * Ctrl-C in the node's terminal, nor a service manager stopping the node (with systemd's
 * {@code KillMode=process}) reaches it. While the node is its parent, the JDK reaps it.
 * The runner's own stdout and stderr (JVM errors) go to {@code runner.out} in the task directory.
 * Runners start without the node's {@code RUNNER_*} settings in their environment.
 *
 * <p>With a {@link WarmPool}, a launch hands the task to a runner started ahead of demand when one
 * is waiting, and starts one for the task otherwise; either way the task gets a JVM of its own.
 */
public final class ProcessEnvironment implements Environment {
  private final String java;
  private final List<String> jvmOptions;
  private final List<String> runnerMain;
  private final RunnerClassArchive archive;
  private final ScheduledExecutorService killer;
  private final WarmPool pool;

  /**
   * @param java the java executable for runners
   * @param jvmOptions JVM options for runners
   * @param classpath a class path holding runner-core and its dependencies
   * @param runnerArgs options for {@link TaskRunnerMain} ({@code --heartbeat-ms N} ...)
   */
  public ProcessEnvironment(String java, List<String> jvmOptions, String classpath, List<String> runnerArgs) {
    this(java, jvmOptions, classpath, runnerArgs, null);
  }

  /** @param archive a class archive for runners, used once it is ready; or {@code null} */
  public ProcessEnvironment(String java, List<String> jvmOptions, String classpath, List<String> runnerArgs,
      RunnerClassArchive archive) {
    this(java, jvmOptions, classpath, runnerArgs, archive, null, 0);
  }

  /**
   * @param poolDirectory where warm runners wait (a directory of its own, e.g. {@code workRoot/.pool})
   * @param warmRunners how many runners to keep started ahead of demand once {@link #start()}ed; 0 for none
   */
  public ProcessEnvironment(String java, List<String> jvmOptions, String classpath, List<String> runnerArgs,
      RunnerClassArchive archive, Path poolDirectory, int warmRunners) {
    if (warmRunners < 0 || (warmRunners > 0 && poolDirectory == null)) {
      throw new IllegalArgumentException("warmRunners: must be 0, or positive with a pool directory; got " + warmRunners);
    }
    this.java = java;
    this.jvmOptions = List.copyOf(jvmOptions);
    List<String> main = new ArrayList<>(List.of("-cp", classpath, TaskRunnerMain.class.getName()));
    main.addAll(runnerArgs);
    this.runnerMain = List.copyOf(main);
    this.archive = archive;
    this.killer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "runner-killer");
      t.setDaemon(true);
      return t;
    });
    this.pool = warmRunners > 0 ? new WarmPool(warmRunners, poolDirectory, () -> command(TaskRunnerMain.WARM)) : null;
  }

  @Override
  public void start() throws IOException {
    if (pool != null) {
      pool.start();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
    if (archive != null) {
      archive.close();
    }
  }

  @Override
  public void backlog(int waiting) {
    if (pool != null) {
      pool.backlog(waiting);
    }
  }

  @Override
  public RunnerHandle launch(Path taskDirectory) throws IOException {
    Process process = pool == null ? null : pool.handOff(taskDirectory);
    if (process == null) {
      AtomicFiles.createOwnerOnly(new TaskFiles(taskDirectory).runnerOut());
      ProcessBuilder builder = new ProcessBuilder(command(taskDirectory.toString()))
          .directory(taskDirectory.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(new TaskFiles(taskDirectory).runnerOut().toFile()));
      RunnerEnvironment.clean(builder.environment());
      process = builder.start();
    }
    // Read at once: setsid execs the JVM in the same process, so the start time is the runner's.
    // A runner already gone gets an identity no process can match.
    RunnerIdentity identity = RunnerIdentity.observe(process.pid())
        .orElse(new RunnerIdentity(process.pid(), -1, RunnerIdentity.currentBootId()));
    return new Handle(identity, taskDirectory, process.onExit());
  }

  /** The runner's command line, ending with {@code last}: a task directory or {@code --warm}. */
  private List<String> command(String last) {
    List<String> command = new ArrayList<>();
    ProcessTree.setsid().ifPresent(command::add);
    command.add(java);
    command.addAll(archive == null ? jvmOptions : archive.apply(jvmOptions));
    command.addAll(runnerMain);
    command.add(last);
    return command;
  }

  /** How many warm runners are waiting for a task now. */
  public int idleWarmRunners() {
    return pool == null ? 0 : pool.idle();
  }

  @Override
  public Optional<RunnerHandle> attach(RunnerRecord recorded, Path taskDirectory) {
    if (!(recorded instanceof RunnerIdentity identity)) {
      return Optional.empty(); // launched by another environment: not a process this one may verify
    }
    Handle handle = new Handle(identity, taskDirectory, new CompletableFuture<>());
    return handle.isAlive() ? Optional.of(handle) : Optional.empty();
  }

  @Override
  public Optional<RunnerHandle> find(Path taskDirectory) {
    OptionalLong holder = FileLocks.holder(new TaskFiles(taskDirectory).lock());
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    return RunnerIdentity.observe(holder.getAsLong()).flatMap(identity -> attach(identity, taskDirectory));
  }

  /**
   * A runner for {@code taskDirectory}: this environment's runner main class on its command line,
   * and either the task directory there as launched, or {@code --warm} (a warm runner learns its
   * task on stdin), or the task's lock in its hands — which also ties to the task a runner launched
   * under another spelling of the work root (a link, a new mount point) before a restart.
   */
  static boolean isRunnerFor(long pid, List<String> args, Path taskDirectory) {
    return args.contains(TaskRunnerMain.class.getName())
        && (args.contains(taskDirectory.toString()) || args.contains(TaskRunnerMain.WARM)
            || FileLocks.holder(new TaskFiles(taskDirectory).lock()).orElse(-1) == pid);
  }

  @Override
  public void stop(RunnerHandle runner, String taskId, Duration grace) {
    Handle handle = (Handle) runner;
    if (!handle.signal(false)) {
      killLeftovers(handle.identity, taskId);
      return;
    }
    killer.schedule(() -> {
      // Verified again: the runner may have ended, and its pid been reused, during the grace period.
      handle.signal(true);
      killLeftovers(handle.identity, taskId);
    }, grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean killLeftovers(RunnerRecord runner, String taskId) {
    return !TaskProcesses.kill(runner.cookie(taskId), Duration.ZERO).isEmpty();
  }

  private static final class Handle implements RunnerHandle {
    private final RunnerIdentity identity;
    private final Path taskDirectory;
    private final CompletableFuture<?> exit;

    Handle(RunnerIdentity identity, Path taskDirectory, CompletableFuture<?> exit) {
      this.identity = identity;
      this.taskDirectory = taskDirectory;
      this.exit = exit;
    }

    @Override
    public RunnerIdentity identity() {
      return identity;
    }

    @Override
    public String check() {
      return identity.mismatch(args -> isRunnerFor(identity.pid(), args, taskDirectory));
    }

    /**
     * SIGTERM ({@code force} false) to the runner, or SIGKILL to it, its process group (it leads
     * one: setsid) and its descendants — only while the kernel confirms it is this runner.
     * Returns whether it was signalled.
     */
    boolean signal(boolean force) {
      // The handle first, then the check: the JDK signals a handle only while its pid still has
      // the start time it had when taken, so a pid recycled after the check is never hit.
      ProcessHandle process = ProcessHandle.of(identity.pid()).orElse(null);
      if (process == null || !isAlive()) {
        return false;
      }
      if (!force) {
        return process.destroy();
      }
      boolean leadsGroup = ProcStat.read(identity.pid()).map(s -> s.pgrp() == identity.pid()).orElse(false);
      ProcessTree.signal(leadsGroup ? identity.pid() : 0, process, true, true);
      return true;
    }

    @Override
    public CompletableFuture<?> onExit() {
      return exit;
    }
  }
}
