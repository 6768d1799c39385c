package dev.taskrunner.core.service;

import dev.taskrunner.core.env.RunnerJvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the task service; validated once here, then immutable. Defaults in
 * {@link #defaults(Path)} are those the README documents.
 *
 * @param workRoot one directory per task lives here
 * @param maxRunningTasks how many runners may be active at once; more tasks wait as {@code queued}
 * @param heartbeat the runners' heartbeat period
 * @param stallBeats how many heartbeat periods without a status write make a live runner {@code stalled}
 * @param stopGrace how long a stopped runner gets before it and its tree are killed
 * @param startupTimeout how long a launched runner may take to write its first status before it
 *     is declared lost
 * @param monitorInterval how often active tasks are checked (status files, liveness)
 * @param runnerJava the {@code java} executable runners start with
 * @param runnerJvmOptions JVM options for runners (lean flags for a short-lived JVM)
 * @param archiveOnDelete on DELETE, move the task's directory under {@code workRoot/.archive}
 *     (true) or remove it (false)
 * @param retention how long and how many finished tasks are kept
 * @param maxOutputBytes the most output a task keeps in {@code output.log}; past it the runner
 *     writes a truncation line and discards the rest (the task goes on)
 * @param minFreeDiskBytes below this much free space on the work root the node is unhealthy and
 *     refuses new tasks (503)
 * @param runnerClassArchive make and use an AppCDS archive of the runner's classes (under
 *     {@code workRoot/.cds}) so runners start faster
 * @param warmRunners how many runner JVMs to keep started ahead of demand (under
 *     {@code workRoot/.pool}), each taking one task; 0 for none
 * @param taskUser the user tasks' processes run as, or {@code null} for the node's own; needs a
 *     node running as root (the runner stays root; the task cannot touch the node's files)
 */
public record NodeConfig(
    Path workRoot,
    int maxRunningTasks,
    Duration heartbeat,
    int stallBeats,
    Duration stopGrace,
    Duration startupTimeout,
    Duration monitorInterval,
    String runnerJava,
    List<String> runnerJvmOptions,
    boolean archiveOnDelete,
    Retention retention,
    long maxOutputBytes,
    long minFreeDiskBytes,
    boolean runnerClassArchive,
    int warmRunners,
    String taskUser) {

  /** Runner flags for this JVM's own JDK (see {@link RunnerJvmOptions}). */
  public static final List<String> DEFAULT_RUNNER_JVM_OPTIONS =
      RunnerJvmOptions.forJava(Path.of(System.getProperty("java.home"), "bin", "java").toString());

  public NodeConfig {
    require(workRoot != null, "workRoot: is required");
    require(maxRunningTasks >= 1, "maxRunningTasks: must be at least 1, got " + maxRunningTasks);
    require(positive(heartbeat), "heartbeat: must be positive, got " + heartbeat);
    require(stallBeats >= 1, "stallBeats: must be at least 1, got " + stallBeats);
    require(stopGrace != null && !stopGrace.isNegative(), "stopGrace: must not be negative");
    require(positive(startupTimeout), "startupTimeout: must be positive");
    require(positive(monitorInterval), "monitorInterval: must be positive");
    require(runnerJava != null && !runnerJava.isBlank(), "runnerJava: is required");
    runnerJvmOptions = List.copyOf(runnerJvmOptions);
    require(retention != null, "retention: is required");
    require(maxOutputBytes >= 1, "maxOutputBytes: must be at least 1, got " + maxOutputBytes);
    require(minFreeDiskBytes >= 0, "minFreeDiskBytes: must not be negative, got " + minFreeDiskBytes);
    require(warmRunners >= 0, "warmRunners: must not be negative, got " + warmRunners);
    require(taskUser == null || !taskUser.isBlank(), "taskUser: must be a user name, or unset");
  }

  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 100L * 1024 * 1024;
  /** Two: a task arriving alone starts at once, and a pair of idle JVMs costs about 60 MB. */
  public static final int DEFAULT_WARM_RUNNERS = 2;

  public static NodeConfig defaults(Path workRoot) {
    return new NodeConfig(workRoot, defaultMaxRunningTasks(), Duration.ofSeconds(2), 5, Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(1),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), DEFAULT_RUNNER_JVM_OPTIONS, true,
        Retention.DEFAULT, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MIN_FREE_DISK_BYTES, true, DEFAULT_WARM_RUNNERS, null);
  }

  /** Runners mostly wait on their tasks; 8 per core keeps a small host busy without thrashing it. */
  public static int defaultMaxRunningTasks() {
    return 8 * Runtime.getRuntime().availableProcessors();
  }

  /** How old a live runner's last status may be before it counts as stalled. */
  public Duration stallThreshold() {
    return heartbeat.multipliedBy(stallBeats);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some settings of a config; {@link #build()} validates the result. */
  public static final class Builder {
    private Path workRoot;
    private int maxRunningTasks;
    private Duration heartbeat;
    private int stallBeats;
    private Duration stopGrace;
    private Duration startupTimeout;
    private Duration monitorInterval;
    private String runnerJava;
    private List<String> runnerJvmOptions;
    private boolean archiveOnDelete;
    private Retention retention;
    private long maxOutputBytes;
    private long minFreeDiskBytes;
    private boolean runnerClassArchive;
    private int warmRunners;
    private String taskUser;

    private Builder(NodeConfig c) {
      workRoot = c.workRoot;
      maxRunningTasks = c.maxRunningTasks;
      heartbeat = c.heartbeat;
      stallBeats = c.stallBeats;
      stopGrace = c.stopGrace;
      startupTimeout = c.startupTimeout;
      monitorInterval = c.monitorInterval;
      runnerJava = c.runnerJava;
      runnerJvmOptions = c.runnerJvmOptions;
      archiveOnDelete = c.archiveOnDelete;
      retention = c.retention;
      maxOutputBytes = c.maxOutputBytes;
      minFreeDiskBytes = c.minFreeDiskBytes;
      runnerClassArchive = c.runnerClassArchive;
      warmRunners = c.warmRunners;
      taskUser = c.taskUser;
    }

    public Builder maxRunningTasks(int value) {
      maxRunningTasks = value;
      return this;
    }

    public Builder timing(Duration heartbeatEvery, int beats, Duration grace, Duration monitorEvery) {
      heartbeat = heartbeatEvery;
      stallBeats = beats;
      stopGrace = grace;
      monitorInterval = monitorEvery;
      return this;
    }

    /** The {@code java} that runs runners; their flags follow its JDK ({@link RunnerJvmOptions#forJava}). */
    public Builder startupTimeout(Duration value) {
      startupTimeout = value;
      return this;
    }

    public Builder runnerJava(String value) {
      runnerJava = value;
      runnerJvmOptions = RunnerJvmOptions.forJava(value);
      return this;
    }

    public Builder archiveOnDelete(boolean value) {
      archiveOnDelete = value;
      return this;
    }

    public Builder retention(Retention value) {
      retention = value;
      return this;
    }

    public Builder limits(long outputBytes, long freeDiskBytes) {
      maxOutputBytes = outputBytes;
      minFreeDiskBytes = freeDiskBytes;
      return this;
    }

    public Builder runnerClassArchive(boolean value) {
      runnerClassArchive = value;
      return this;
    }

    public Builder warmRunners(int value) {
      warmRunners = value;
      return this;
    }

    public Builder taskUser(String value) {
      taskUser = value;
      return this;
    }

    public NodeConfig build() {
      return new NodeConfig(workRoot, maxRunningTasks, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
          runnerJava, runnerJvmOptions, archiveOnDelete, retention, maxOutputBytes, minFreeDiskBytes, runnerClassArchive,
          warmRunners, taskUser);
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("configuration: " + message);
    }
  }
}
