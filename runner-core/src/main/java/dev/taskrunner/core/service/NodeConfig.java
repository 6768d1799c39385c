package dev.taskrunner.core.service;

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
    boolean runnerClassArchive) {

  public static final List<String> DEFAULT_RUNNER_JVM_OPTIONS = List.of(
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m", "-XX:-UsePerfData", "-Xshare:auto");

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
  }

  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 100L * 1024 * 1024;

  public static NodeConfig defaults(Path workRoot) {
    return new NodeConfig(workRoot, defaultMaxRunningTasks(), Duration.ofSeconds(2), 5, Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(1),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), DEFAULT_RUNNER_JVM_OPTIONS, true,
        Retention.DEFAULT, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MIN_FREE_DISK_BYTES, true);
  }

  /** Runners mostly wait on their tasks; 8 per core keeps a small host busy without thrashing it. */
  public static int defaultMaxRunningTasks() {
    return 8 * Runtime.getRuntime().availableProcessors();
  }

  /** How old a live runner's last status may be before it counts as stalled. */
  public Duration stallThreshold() {
    return heartbeat.multipliedBy(stallBeats);
  }

  public NodeConfig withMaxRunningTasks(int value) {
    return new NodeConfig(workRoot, value, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
        runnerJava, runnerJvmOptions, archiveOnDelete, retention, maxOutputBytes, minFreeDiskBytes, runnerClassArchive);
  }

  public NodeConfig withTiming(Duration heartbeatEvery, int beats, Duration grace, Duration monitorEvery) {
    return new NodeConfig(workRoot, maxRunningTasks, heartbeatEvery, beats, grace, startupTimeout, monitorEvery,
        runnerJava, runnerJvmOptions, archiveOnDelete, retention, maxOutputBytes, minFreeDiskBytes, runnerClassArchive);
  }

  public NodeConfig withArchiveOnDelete(boolean value) {
    return new NodeConfig(workRoot, maxRunningTasks, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
        runnerJava, runnerJvmOptions, value, retention, maxOutputBytes, minFreeDiskBytes, runnerClassArchive);
  }

  public NodeConfig withRetention(Retention value) {
    return new NodeConfig(workRoot, maxRunningTasks, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
        runnerJava, runnerJvmOptions, archiveOnDelete, value, maxOutputBytes, minFreeDiskBytes, runnerClassArchive);
  }

  public NodeConfig withLimits(long outputBytes, long freeDiskBytes) {
    return new NodeConfig(workRoot, maxRunningTasks, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
        runnerJava, runnerJvmOptions, archiveOnDelete, retention, outputBytes, freeDiskBytes, runnerClassArchive);
  }

  public NodeConfig withRunnerClassArchive(boolean value) {
    return new NodeConfig(workRoot, maxRunningTasks, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
        runnerJava, runnerJvmOptions, archiveOnDelete, retention, maxOutputBytes, minFreeDiskBytes, value);
  }

  public NodeConfig withRunnerJava(String java) {
    return new NodeConfig(workRoot, maxRunningTasks, heartbeat, stallBeats, stopGrace, startupTimeout, monitorInterval,
        java, runnerJvmOptions, archiveOnDelete, retention, maxOutputBytes, minFreeDiskBytes, runnerClassArchive);
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
