package dev.taskrunner.api.config;

import dev.taskrunner.core.service.NodeConfig;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Every daemon setting: its flag, environment variable and config-file key, its default and what it
 * means. The one table that parsing, {@code --help} and {@code config/runner.properties} follow.
 */
enum Setting {
  BIND("--bind", "RUNNER_BIND", "bind", () -> "127.0.0.1", "127.0.0.1",
      "address to listen on (0.0.0.0 for every interface)"),
  PORT("--port", "RUNNER_PORT", "port", () -> "8000", "8000",
      "port to listen on; 0 picks a free one (the 'listening on' line tells which)"),
  WORK_ROOT("--work-root", "RUNNER_WORK_ROOT", "workRoot", () -> "./work", "./work",
      "directory holding one directory per task"),
  CONFIG("--config", "RUNNER_CONFIG", null, () -> null, "none",
      "properties file with any of the keys below"),
  API_TOKEN(null, "RUNNER_API_TOKEN", "apiToken", () -> "", "empty (no auth)",
      "when set, every route but GET / and GET /health needs 'Authorization: Bearer <token>'"),
  MAX_RUNNING_TASKS("--max-running-tasks", "RUNNER_MAX_RUNNING_TASKS", "maxRunningTasks",
      () -> Integer.toString(NodeConfig.defaultMaxRunningTasks()), "8 x CPU cores",
      "tasks running at once; more wait as queued"),
  HEARTBEAT_MS("--heartbeat-ms", "RUNNER_HEARTBEAT_MS", "heartbeatMs", () -> "2000", "2000",
      "how often runners write their status file"),
  STALL_BEATS("--stall-beats", "RUNNER_STALL_BEATS", "stallBeats", () -> "5", "5",
      "missed heartbeats after which a live runner shows as stalled"),
  STOP_GRACE_MS("--stop-grace-ms", "RUNNER_STOP_GRACE_MS", "stopGraceMs", () -> "10000", "10000",
      "after a stop, how long a runner gets before it and its process tree are killed"),
  MAX_BODY_BYTES("--max-body-bytes", "RUNNER_MAX_BODY_BYTES", "maxBodyBytes",
      () -> Integer.toString(NodeSettings.DEFAULT_MAX_BODY_BYTES), NodeSettings.DEFAULT_MAX_BODY_BYTES + " (1 MiB)",
      "largest task definition accepted; larger requests get 413"),
  MAX_CONNECTIONS("--max-connections", "RUNNER_MAX_CONNECTIONS", "maxConnections",
      () -> Integer.toString(ServingLimits.DEFAULT_MAX_CONNECTIONS), Integer.toString(ServingLimits.DEFAULT_MAX_CONNECTIONS),
      "open HTTP connections at most; past it the oldest one not following output is closed for each new one"),
  IDLE_TIMEOUT_MS("--idle-timeout-ms", "RUNNER_IDLE_TIMEOUT_MS", "idleTimeoutMs",
      () -> Long.toString(ServingLimits.DEFAULT_IDLE_TIMEOUT_MS), Long.toString(ServingLimits.DEFAULT_IDLE_TIMEOUT_MS),
      "an HTTP connection that sends nothing this long (between requests, mid-request) is closed"),
  BODY_TIMEOUT_MS("--body-timeout-ms", "RUNNER_BODY_TIMEOUT_MS", "bodyTimeoutMs",
      () -> Long.toString(ServingLimits.DEFAULT_BODY_TIMEOUT_MS), Long.toString(ServingLimits.DEFAULT_BODY_TIMEOUT_MS),
      "a request body must arrive whole within this after its headers; else 408 and the connection is closed"),
  MAX_FOLLOWERS("--max-followers", "RUNNER_MAX_FOLLOWERS", "maxFollowers",
      () -> Integer.toString(ServingLimits.DEFAULT_MAX_FOLLOWERS), Integer.toString(ServingLimits.DEFAULT_MAX_FOLLOWERS),
      "output streams (?follow=true) served at once; more get 503 with Retry-After"),
  RUNNER_JAVA("--runner-java", "RUNNER_JAVA", "runnerJava",
      () -> Path.of(System.getProperty("java.home"), "bin", "java").toString(), "this JVM's java",
      "java executable the task runners start with"),
  ARCHIVE_ON_DELETE("--archive-on-delete", "RUNNER_ARCHIVE_ON_DELETE", "archiveOnDelete", () -> "true", "true",
      "on DELETE, move the task's directory to <workRoot>/.archive (true) or remove it (false)"),
  ALLOW_UNAUTHENTICATED_REMOTE("--allow-unauthenticated-remote", "RUNNER_ALLOW_UNAUTHENTICATED_REMOTE",
      "allowUnauthenticatedRemote", () -> "false", "false",
      "set true to serve a non-loopback address with no API token (otherwise the node refuses to start)"),
  RUNNER_CLASS_ARCHIVE("--runner-class-archive", "RUNNER_CLASS_ARCHIVE", "runnerClassArchive", () -> "true", "true",
      "make (once, in the background) and use an AppCDS archive of the runner's classes under <workRoot>/.cds"),
  WARM_RUNNERS("--warm-runners", "RUNNER_WARM_RUNNERS", "warmRunners",
      () -> Integer.toString(NodeConfig.DEFAULT_WARM_RUNNERS), "2",
      "runner JVMs kept started ahead of demand, each taking one task (0 disables; at most 64)"),
  RETENTION_HOURS("--retention-hours", "RUNNER_RETENTION_HOURS", "retentionHours", () -> "168", "168 (7 days)",
      "finished tasks (and archived directories) older than this are forgotten"),
  RETENTION_MAX_TASKS("--retention-max-tasks", "RUNNER_RETENTION_MAX_TASKS", "retentionMaxTasks", () -> "10000", "10000",
      "at most this many finished tasks are kept; the oldest are forgotten first"),
  MAX_OUTPUT_BYTES("--max-output-bytes", "RUNNER_MAX_OUTPUT_BYTES", "maxOutputBytes",
      () -> Long.toString(NodeConfig.DEFAULT_MAX_OUTPUT_BYTES), "67108864 (64 MiB)",
      "output kept per task; past it a truncation line is written and the rest discarded"),
  MIN_FREE_DISK_BYTES("--min-free-disk-bytes", "RUNNER_MIN_FREE_DISK_BYTES", "minFreeDiskBytes",
      () -> Long.toString(NodeConfig.DEFAULT_MIN_FREE_DISK_BYTES), "104857600 (100 MiB)",
      "below this free space on the work root the node is unhealthy and refuses new tasks (503)"),
  TASK_USER("--task-user", "RUNNER_TASK_USER", "taskUser", () -> "", "empty (the node's own user)",
      "run tasks' processes as this user (the node must run as root); they cannot write the node's files"),
  ENVIRONMENT("--environment", "RUNNER_ENVIRONMENT", "environment", () -> "process", "process",
      "where runners run: process (this host) or slurm (batch jobs through sbatch; see the README)"),
  SLURM_PARTITION("--slurm-partition", "RUNNER_SLURM_PARTITION", "slurmPartition", () -> "",
      "empty (the cluster's default)", "with environment=slurm: the partition runners' jobs go to (sbatch --partition)"),
  SLURM_ACCOUNT("--slurm-account", "RUNNER_SLURM_ACCOUNT", "slurmAccount", () -> "", "empty (the user's default)",
      "with environment=slurm: the account runners' jobs are charged to (sbatch --account)"),
  SLURM_SBATCH_OPTIONS("--slurm-sbatch-options", "RUNNER_SLURM_SBATCH_OPTIONS", "slurmSbatchOptions", () -> "",
      "empty", "with environment=slurm: more sbatch options, separated by spaces, values after '=' (--qos=low --mem=2G)");

  final String flag;
  final String env;
  final String fileKey;
  private final Supplier<String> fallback;
  final String defaultText;
  final String meaning;

  Setting(String flag, String env, String fileKey, Supplier<String> fallback, String defaultText, String meaning) {
    this.flag = flag;
    this.env = env;
    this.fileKey = fileKey;
    this.fallback = fallback;
    this.defaultText = defaultText;
    this.meaning = meaning;
  }

  /** The default, computed when asked (some depend on the host). */
  String fallback() {
    return fallback.get();
  }

  static Setting byFlag(String flag) {
    for (Setting s : values()) {
      if (flag.equals(s.flag)) {
        return s;
      }
    }
    return null;
  }

  static Setting byFileKey(String key) {
    for (Setting s : values()) {
      if (key.equals(s.fileKey)) {
        return s;
      }
    }
    return null;
  }

  /** The {@code --help} text, generated from this table. */
  static String usage() {
    StringBuilder text = new StringBuilder("Usage: java -jar runner-api.jar [options]\n\n"
        + "Runs the task runner's HTTP node. Each setting is a flag, an environment variable and a\n"
        + "config-file key; a flag beats the environment, which beats the file, which beats the default.\n\n");
    for (Setting s : values()) {
      String name = (s.flag == null ? "(no flag)" : s.flag + (s == CONFIG ? " FILE" : " VALUE"));
      text.append(String.format("  %-28s %s%n", name, s.meaning));
      text.append(String.format("  %-28s env %s%s; default: %s%n", "", s.env,
          s.fileKey == null ? "" : ", file key " + s.fileKey, s.defaultText));
    }
    return text.append(String.format("  %-28s %s%n", "--help", "print this help and exit")).toString();
  }
}
