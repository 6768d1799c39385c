package dev.taskrunner.core.env;

import dev.taskrunner.core.process.ProcessTree;
import dev.taskrunner.core.runner.TaskRunnerMain;
import dev.taskrunner.core.status.TaskStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>With a {@link WarmPool}, a launch hands the task to a runner started ahead of demand when one
 * is waiting, and starts one for the task otherwise; either way the task gets a JVM of its own.
 */
public final class ProcessEnvironment implements Environment {
  public static final String RUNNER_OUT = "runner.out";
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
    this.pool = warmRunners > 0 ? new WarmPool(warmRunners, poolDirectory, () -> command("--warm")) : null;
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
      process = new ProcessBuilder(command(taskDirectory.toString()))
          .directory(taskDirectory.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(taskDirectory.resolve(RUNNER_OUT).toFile()))
          .start();
    }
    return new Handle(process.toHandle(), process.onExit());
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
  public Optional<RunnerHandle> attach(TaskStatus status) {
    if (status.pid() <= 0 || status.pidStartedAt() == null) {
      return Optional.empty();
    }
    return ProcessHandle.of(status.pid())
        .filter(p -> sameStart(p, status.pidStartedAt()))
        .filter(ProcessTree::isRunning)
        .map(p -> new Handle(p, new CompletableFuture<>()));
  }

  private static boolean sameStart(ProcessHandle p, Instant expected) {
    return p.info().startInstant().map(expected::equals).orElse(false);
  }

  @Override
  public void stop(RunnerHandle runner, Duration grace) {
    Handle handle = (Handle) runner;
    if (!handle.isAlive()) {
      return;
    }
    handle.process.destroy(); // SIGTERM: the runner stops its task and runs its cleanup
    killer.schedule(() -> {
      if (handle.isAlive()) {
        // The runner leads its own group (setsid); its task's processes lead theirs.
        ProcessTree.signal(handle.pid(), handle.process, true, true);
      }
    }, grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static final class Handle implements RunnerHandle {
    private final ProcessHandle process;
    private final Instant startedAt;
    private final CompletableFuture<?> exit;

    Handle(ProcessHandle process, CompletableFuture<?> exit) {
      this.process = process;
      this.startedAt = process.info().startInstant().orElse(null);
      this.exit = exit;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public boolean isAlive() {
      // Re-check the start time so a pid recycled since is never taken for this runner.
      return ProcessTree.isRunning(process)
          && (startedAt == null || process.info().startInstant().map(startedAt::equals).orElse(false));
    }

    @Override
    public CompletableFuture<?> onExit() {
      return exit;
    }
  }
}
