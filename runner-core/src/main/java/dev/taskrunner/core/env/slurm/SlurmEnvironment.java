package dev.taskrunner.core.env.slurm;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.RunnerClassArchive;
import dev.taskrunner.core.env.RunnerEnvironment;
import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.process.TaskProcesses;
import dev.taskrunner.core.runner.TaskRunnerMain;
import dev.taskrunner.core.task.AcceptedSummaries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each task's TaskRunner as a Slurm batch job: {@code sbatch} runs the same runner main class
 * with the task directory as the job's working directory and {@code runner.out} as its output, on
 * whichever compute node Slurm picks. The work root, the runner's class path (the node's jar) and
 * the {@code java} it names must be at the same paths on every compute node.
 *
 * <p>Slurm's record of the job is the first fact about the runner: it is alive while the job is
 * not ended (pending, running, completing...), gone once Slurm says COMPLETED, FAILED, CANCELLED,
 * TIMEOUT, NODE_FAIL...; a Slurm that does not answer is no verdict at all (see {@link SlurmQueue}).
 * A stop is {@code scancel} (SIGTERM to the runner, which stops its task and runs CLEANUP), then,
 * past the grace, {@code scancel --signal=KILL --full} and what is left of the task on this host;
 * each {@code scancel} is tried again, with back-off, until Slurm no longer lists the job alive.
 * A job submitted for a task directory is never submitted again: a launch first looks for one.
 * Runners do not depend on the node: no stdin, no warm pool, nothing the node holds open.
 */
public final class SlurmEnvironment implements Environment {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmEnvironment.class);
  /** A reading of the queue begun this long before a handle was made is accepted for it. */
  private static final long ANY_READING_NANOS = Duration.ofHours(1).toNanos();
  private final String java;
  private final List<String> jvmOptions;
  private final List<String> runnerMain;
  private final RunnerClassArchive archive;
  private final SlurmSettings settings;
  private final Duration stopGrace;
  private final SlurmQueue queue = new SlurmQueue();
  private final ScheduledExecutorService stopper;

  /**
   * @param java the java executable for runners, at this path on every compute node
   * @param classpath the runner's class path, at these paths on every compute node
   * @param runnerArgs options for {@link TaskRunnerMain}
   * @param archive a class archive for runners (under the shared work root), used once ready; or {@code null}
   * @param stopGrace the node's stop grace: added to a task's {@code timeoutSeconds} for the job's {@code --time}
   */
  public SlurmEnvironment(String java, List<String> jvmOptions, String classpath, List<String> runnerArgs,
      RunnerClassArchive archive, SlurmSettings settings, Duration stopGrace) {
    this.java = java;
    this.jvmOptions = List.copyOf(jvmOptions);
    List<String> main = new ArrayList<>(List.of("-cp", classpath, TaskRunnerMain.class.getName()));
    main.addAll(runnerArgs);
    this.runnerMain = List.copyOf(main);
    this.archive = archive;
    this.settings = settings;
    this.stopGrace = stopGrace;
    this.stopper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slurm-stopper");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public RunnerHandle launch(Path taskDirectory) throws IOException {
    Path dir = taskDirectory.toAbsolutePath().normalize();
    TaskFiles files = new TaskFiles(dir);
    // runner.out is made before each sbatch: without it, no job was ever submitted for this directory.
    if (Files.exists(files.runnerOut(), LinkOption.NOFOLLOW_LINKS)) {
      Optional<JobInfo> earlier = findJob(dir); // an sbatch whose answer was lost: that job is the runner
      if (earlier.isPresent()) {
        LOG.info("task {}: adopting {} submitted earlier", dir.getFileName(), earlier.get().jobId());
        return new Handle(new SlurmJob(earlier.get().jobId()), dir, System.nanoTime() - ANY_READING_NANOS);
      }
    } else {
      AtomicFiles.createOwnerOnly(files.runnerOut());
    }
    long submitted = System.nanoTime();
    SlurmCommand.Result r = SlurmCommand.run(SbatchCommand.argv(dir, files.runnerOut(), timeLimitMinutes(files), settings),
        SbatchCommand.script(command(), dir), RunnerEnvironment::clean);
    queue.invalidate();
    if (!r.ok()) {
      throw new IOException("sbatch: " + r.why());
    }
    String id = r.out().strip().split(";")[0];
    return new Handle(new SlurmJob(id), dir, submitted);
  }

  /** The runner's command, without its last argument (the job's id and the task directory, added by the script). */
  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(archive == null ? jvmOptions : archive.apply(jvmOptions));
    command.addAll(runnerMain);
    return command;
  }

  /** {@code timeoutSeconds} plus the stop grace and a minute, in whole minutes (Slurm's unit); null without a timeout. */
  private Long timeLimitMinutes(TaskFiles files) throws IOException {
    Long timeout;
    try (FileChannel channel = TaskFiles.openRegular(files.task()); InputStream in = Channels.newInputStream(channel)) {
      timeout = AcceptedSummaries.read(in).timeoutSeconds();
    }
    if (timeout == null) {
      return null;
    }
    long seconds = timeout + stopGrace.toSeconds() + 60;
    return (seconds + 59) / 60;
  }

  @Override
  public Optional<RunnerHandle> attach(RunnerRecord recorded, Path taskDirectory) {
    if (!(recorded instanceof SlurmJob job)) {
      return Optional.empty();
    }
    Handle handle = new Handle(job, taskDirectory.toAbsolutePath().normalize(), System.nanoTime() - ANY_READING_NANOS);
    return handle.isAlive() ? Optional.of(handle) : Optional.empty();
  }

  @Override
  public String gone(RunnerRecord recorded, Path taskDirectory) {
    if (recorded instanceof SlurmJob job) {
      try {
        return queue.job(job.jobId(), System.nanoTime() - ANY_READING_NANOS).map(JobInfo::describeEnd)
            .orElse("Slurm no longer knows " + job.describe());
      } catch (SlurmUnavailableException e) {
        // fall through: the plain words
      }
    }
    return Environment.super.gone(recorded, taskDirectory);
  }

  @Override
  public Optional<RunnerHandle> find(Path taskDirectory) {
    Path dir = taskDirectory.toAbsolutePath().normalize();
    if (!Files.exists(new TaskFiles(dir).runnerOut(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return findJob(dir).map(info -> new Handle(new SlurmJob(info.jobId()), dir, System.nanoTime() - ANY_READING_NANOS));
    } catch (SlurmUnavailableException e) {
      return Optional.empty();
    }
  }

  /** The latest job Slurm lists for this task: its name and working directory. */
  private Optional<JobInfo> findJob(Path dir) throws SlurmUnavailableException {
    String name = dir.getFileName().toString();
    return queue.all().values().stream()
        .filter(j -> j.name().equals(name) && Path.of(j.workDir()).equals(dir))
        .max(Comparator.comparingLong(j -> Long.parseLong(j.jobId())));
  }

  @Override
  public void stop(RunnerHandle runner, String taskId, Duration grace) {
    Handle handle = (Handle) runner;
    stopper.execute(() -> cancel(handle, List.of(), 0));
    stopper.schedule(() -> {
      if (handle.isAlive()) {
        cancel(handle, List.of("--signal=KILL", "--full"), 0);
      }
      killLeftovers(handle.job, taskId);
    }, grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * {@code scancel}, tried again with back-off (1 s doubling to 30 s) until it succeeds or a fresh
   * reading of the queue no longer lists the job as alive. A failed {@code scancel} is no verdict:
   * it exits non-zero as readily for a busy or unreachable slurmctld as for a job that ended.
   */
  private void cancel(Handle handle, List<String> options, int attempt) {
    List<String> argv = new ArrayList<>(List.of("scancel"));
    argv.addAll(options);
    argv.add(handle.job.jobId());
    String failure;
    try {
      SlurmCommand.Result r = SlurmCommand.run(argv, null, null);
      failure = r.ok() ? null : r.why(); // scancel names itself
    } catch (SlurmUnavailableException e) {
      failure = e.getMessage();
    }
    queue.invalidate(); // the next reading is fresh: after this scancel, and never a cached "alive"
    if (failure == null) {
      return;
    }
    if (!handle.isAlive()) {
      LOG.info("{}: {}; the job has ended", handle.job.describe(), failure);
      return;
    }
    long delay = Math.min(30_000, 1000L << Math.min(attempt, 5));
    LOG.warn("{}: cannot cancel it now ({}); trying again in {} ms", handle.job.describe(), failure, delay);
    stopper.schedule(() -> cancel(handle, options, attempt + 1), delay, TimeUnit.MILLISECONDS);
  }

  /**
   * Kills what is left of the task on this host (processes with the job's cookie). A task's command
   * runs in a session of its own, which Slurm's {@code proctrack/pgid} does not follow; on a
   * cluster with {@code proctrack/cgroup}, Slurm ends everything of a job on any node itself.
   */
  @Override
  public boolean killLeftovers(RunnerRecord runner, String taskId) {
    return runner instanceof SlurmJob && !TaskProcesses.kill(runner.cookie(taskId), Duration.ZERO).isEmpty();
  }

  @Override
  public void close() {
    stopper.shutdownNow();
    if (archive != null) {
      archive.close();
    }
  }

  /** A runner's job, checked against Slurm's record on each {@link #check()}. */
  private final class Handle implements RunnerHandle {
    private final SlurmJob job;
    private final Path dir;
    /** A reading of the queue must have begun after this (the job was submitted then). */
    private final long notBeforeNanos;

    Handle(SlurmJob job, Path dir, long notBeforeNanos) {
      this.job = job;
      this.dir = dir;
      this.notBeforeNanos = notBeforeNanos;
    }

    @Override
    public SlurmJob identity() {
      return job;
    }

    @Override
    public String check() {
      try {
        Optional<JobInfo> info = queue.job(job.jobId(), notBeforeNanos);
        if (info.isEmpty()) {
          return "Slurm no longer knows " + job.describe();
        }
        if (info.get().ended()) {
          return info.get().describeEnd();
        }
        if (!info.get().workDir().isEmpty() && !Path.of(info.get().workDir()).equals(dir)) {
          return job.describe() + " runs in " + info.get().workDir() + ", not in this task's directory";
        }
        return null;
      } catch (SlurmUnavailableException e) {
        return null; // no answer is no verdict: the job is taken to go on until Slurm says otherwise
      }
    }

    @Override
    public CompletableFuture<?> onExit() {
      return new CompletableFuture<>(); // not a child of the node: polled through check()
    }
  }
}
