package dev.taskrunner.api.config;

import dev.taskrunner.core.env.slurm.SlurmSettings;
import dev.taskrunner.core.service.NodeConfig;
import dev.taskrunner.core.service.Retention;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The daemon's settings, resolved (flag > environment variable > config file > default) and
 * validated once by {@link #load}; immutable after. {@link Setting} documents each one.
 *
 * @param configFile the properties file read, or null
 * @param apiToken empty for no authentication; never printed
 */
public record DaemonConfig(
    String bind,
    int port,
    Path workRoot,
    Path configFile,
    String apiToken,
    int maxRunningTasks,
    long heartbeatMs,
    int stallBeats,
    long stopGraceMs,
    int maxBodyBytes,
    int maxConnections,
    long idleTimeoutMs,
    long bodyTimeoutMs,
    int maxFollowers,
    String runnerJava,
    boolean archiveOnDelete,
    long retentionHours,
    int retentionMaxTasks,
    long maxOutputBytes,
    long minFreeDiskBytes,
    boolean runnerClassArchive,
    int warmRunners,
    String taskUser,
    String environment,
    SlurmSettings slurm) {

  /** The values of {@link Setting#ENVIRONMENT}. */
  public static final String PROCESS = "process";
  public static final String SLURM = "slurm";

  /**
   * Resolves every setting from the command line, the environment and the config file.
   *
   * @throws ConfigException the first bad value, its message naming where it came from
   */
  public static DaemonConfig load(List<String> args, Map<String, String> env) {
    ConfigValues values = new ConfigValues(ConfigSources.of(args, env));
    DaemonConfig config = new DaemonConfig(
        values.host(Setting.BIND),
        values.integer(Setting.PORT, 0, 65535),
        values.directory(Setting.WORK_ROOT),
        values.configFile(),
        values.text(Setting.API_TOKEN, true),
        values.integer(Setting.MAX_RUNNING_TASKS, 1, 1_000_000),
        values.number(Setting.HEARTBEAT_MS, 1, Duration.ofDays(1).toMillis()),
        values.integer(Setting.STALL_BEATS, 1, 1_000_000),
        values.number(Setting.STOP_GRACE_MS, 0, Duration.ofDays(1).toMillis()),
        values.integer(Setting.MAX_BODY_BYTES, 1, Integer.MAX_VALUE - 1),
        values.integer(Setting.MAX_CONNECTIONS, 2, 1_000_000),
        values.number(Setting.IDLE_TIMEOUT_MS, 1, Duration.ofDays(1).toMillis()),
        values.number(Setting.BODY_TIMEOUT_MS, 1, Duration.ofDays(1).toMillis()),
        values.integer(Setting.MAX_FOLLOWERS, 0, 1_000_000),
        values.text(Setting.RUNNER_JAVA, false),
        values.bool(Setting.ARCHIVE_ON_DELETE),
        values.number(Setting.RETENTION_HOURS, 1, 24L * 365 * 100),
        values.integer(Setting.RETENTION_MAX_TASKS, 0, Integer.MAX_VALUE),
        values.number(Setting.MAX_OUTPUT_BYTES, 1, Long.MAX_VALUE / 2),
        values.number(Setting.MIN_FREE_DISK_BYTES, 0, Long.MAX_VALUE / 2),
        values.bool(Setting.RUNNER_CLASS_ARCHIVE),
        values.integer(Setting.WARM_RUNNERS, 0, 64),
        values.text(Setting.TASK_USER, true),
        values.choice(Setting.ENVIRONMENT, List.of(PROCESS, SLURM)),
        slurm(values));
    if (!config.taskUser.isEmpty()) {
      checkTaskUser(config.taskUser, values.source(Setting.TASK_USER));
    }
    if (config.maxFollowers >= config.maxConnections) {
      throw new ConfigException(values.source(Setting.MAX_FOLLOWERS) + ": must be below maxConnections ("
          + config.maxConnections + "), so other requests always have room; got " + config.maxFollowers);
    }
    if (config.apiToken.isEmpty() && !isLoopback(config.bind) && !values.bool(Setting.ALLOW_UNAUTHENTICATED_REMOTE)) {
      throw new ConfigException("--bind: " + config.bind + " is reachable from other hosts and no API token is set;"
          + " set RUNNER_API_TOKEN, or --allow-unauthenticated-remote true if that is really intended");
    }
    return config;
  }

  private static SlurmSettings slurm(ConfigValues values) {
    String options = values.text(Setting.SLURM_SBATCH_OPTIONS, true);
    try {
      return new SlurmSettings(values.text(Setting.SLURM_PARTITION, true), values.text(Setting.SLURM_ACCOUNT, true),
          options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(values.source(Setting.SLURM_SBATCH_OPTIONS) + ": "
          + e.getMessage().substring(e.getMessage().indexOf(':') + 2));
    }
  }

  /** A task user must exist, and only a node running as root can start processes as another user. */
  private static void checkTaskUser(String user, String source) {
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
    } catch (IOException e) {
      throw new ConfigException(source + ": no user '" + user + "' on this host");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new ConfigException(source + ": running tasks as '" + user + "' needs the node to run as root (it runs as "
          + System.getProperty("user.name") + "); unset it, or start the node as root");
    }
  }

  /** The {@code --help} text: every setting, its flag, variable, file key and default. */
  public static String usage() {
    return Setting.usage();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // ConfigValues.host has already resolved it
    }
  }

  /** The task service's settings; those without a daemon setting keep {@link NodeConfig#defaults}. */
  public NodeConfig nodeConfig() {
    NodeConfig d = NodeConfig.defaults(workRoot);
    return d.toBuilder()
        .maxRunningTasks(maxRunningTasks)
        .timing(Duration.ofMillis(heartbeatMs), stallBeats, Duration.ofMillis(stopGraceMs), d.monitorInterval())
        .runnerJava(runnerJava)
        .archiveOnDelete(archiveOnDelete)
        .retention(new Retention(Duration.ofHours(retentionHours), retentionMaxTasks, d.retention().sweepEvery()))
        .limits(maxOutputBytes, minFreeDiskBytes)
        .runnerClassArchive(runnerClassArchive)
        .warmRunners(warmRunners)
        .taskUser(taskUser.isEmpty() ? null : taskUser)
        .build();
  }

  public NodeSettings nodeSettings() {
    return new NodeSettings(bind, port, apiToken, maxBodyBytes, new ServingLimits(maxConnections,
        Duration.ofMillis(idleTimeoutMs), Duration.ofMillis(bodyTimeoutMs), maxFollowers));
  }

  @Override
  public String toString() { // the token stays out of logs
    return "bind=" + bind + " port=" + port + " workRoot=" + workRoot
        + " config=" + (configFile == null ? "none" : configFile) + " auth=" + (apiToken.isEmpty() ? "off" : "on")
        + " maxRunningTasks=" + maxRunningTasks + " heartbeatMs=" + heartbeatMs + " stallBeats=" + stallBeats
        + " stopGraceMs=" + stopGraceMs + " maxBodyBytes=" + maxBodyBytes
        + " maxConnections=" + maxConnections + " idleTimeoutMs=" + idleTimeoutMs + " bodyTimeoutMs=" + bodyTimeoutMs
        + " maxFollowers=" + maxFollowers + " runnerJava=" + runnerJava
        + " archiveOnDelete=" + archiveOnDelete + " retentionHours=" + retentionHours
        + " retentionMaxTasks=" + retentionMaxTasks + " maxOutputBytes=" + maxOutputBytes
        + " minFreeDiskBytes=" + minFreeDiskBytes + " runnerClassArchive=" + runnerClassArchive
        + " warmRunners=" + warmRunners + " taskUser=" + (taskUser.isEmpty() ? "none" : taskUser)
        + " environment=" + environment + (SLURM.equals(environment) ? " slurm=" + slurm : "");
  }
}
