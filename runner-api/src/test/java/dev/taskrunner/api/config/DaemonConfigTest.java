package dev.taskrunner.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.service.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
  @TempDir
  Path dir;

  @Test
  void everySettingHasItsDocumentedDefault() {
    DaemonConfig config = DaemonConfig.load(List.of(), Map.of());

    assertEquals("127.0.0.1", config.bind());
    assertEquals(8000, config.port());
    assertEquals(Path.of("work").toAbsolutePath(), config.workRoot());
    assertNull(config.configFile());
    assertEquals("", config.apiToken());
    assertEquals(NodeConfig.defaultMaxRunningTasks(), config.maxRunningTasks());
    assertEquals(2000, config.heartbeatMs());
    assertEquals(5, config.stallBeats());
    assertEquals(10_000, config.stopGraceMs());
    assertEquals(1_048_576, config.maxBodyBytes());
    assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), config.runnerJava());
    assertTrue(config.archiveOnDelete());
  }

  @Test
  void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws IOException {
    Path file = properties("port=7001\nbind=0.0.0.0\nstallBeats=7\nheartbeatMs=1500\n");

    DaemonConfig config = DaemonConfig.load(List.of("--config", file.toString(), "--port", "7003"),
        Map.of("RUNNER_PORT", "7002", "RUNNER_BIND", "localhost", "RUNNER_STALL_BEATS", ""));

    assertEquals(7003, config.port()); // flag over env and file
    assertEquals("localhost", config.bind()); // env over file
    assertEquals(7, config.stallBeats()); // file (an empty variable counts as unset)
    assertEquals(1500, config.heartbeatMs()); // file over default
    assertEquals(10_000, config.stopGraceMs()); // default
    assertEquals(file, config.configFile());
  }

  @Test
  void theConfigFileComesFromTheFlagBeforeTheEnvironment() throws IOException {
    Path fromEnv = properties("port=1111\n");
    Path fromFlag = Files.writeString(dir.resolve("flag.properties"), "port=2222\n");

    assertEquals(1111, DaemonConfig.load(List.of(), Map.of("RUNNER_CONFIG", fromEnv.toString())).port());
    assertEquals(2222, DaemonConfig.load(List.of("--config=" + fromFlag), Map.of("RUNNER_CONFIG", fromEnv.toString()))
        .port());
  }

  @Test
  void theTokenComesFromTheEnvironmentOrTheFileAndIsNeverPrinted() throws IOException {
    Path file = properties("apiToken=from-file\n");

    DaemonConfig fileOnly = DaemonConfig.load(List.of("--config", file.toString()), Map.of());
    DaemonConfig envWins = DaemonConfig.load(List.of("--config", file.toString()), Map.of("RUNNER_API_TOKEN", "from-env"));

    assertEquals("from-file", fileOnly.apiToken());
    assertEquals("from-env", envWins.apiToken());
    assertFalse(envWins.toString().contains("from-env"), envWins.toString());
    assertFalse(envWins.nodeSettings().toString().contains("from-env"));
    assertTrue(failure(List.of("--api-token", "x")).contains("RUNNER_API_TOKEN"));
  }

  @Test
  void everySettingReachesTheServiceAndTheNode() {
    DaemonConfig config = DaemonConfig.load(List.of("--work-root", dir.toString(), "--max-running-tasks=3",
        "--heartbeat-ms", "250", "--stall-beats", "4", "--stop-grace-ms", "0", "--runner-java", "/opt/java/bin/java",
        "--archive-on-delete", "FALSE", "--max-body-bytes", "4096", "--port", "0", "--bind", "127.0.0.1"), Map.of());

    NodeConfig node = config.nodeConfig();
    assertEquals(dir, node.workRoot());
    assertEquals(3, node.maxRunningTasks());
    assertEquals(Duration.ofMillis(250), node.heartbeat());
    assertEquals(4, node.stallBeats());
    assertEquals(Duration.ZERO, node.stopGrace());
    assertEquals("/opt/java/bin/java", node.runnerJava());
    assertFalse(node.archiveOnDelete());
    assertEquals(NodeConfig.defaults(dir).startupTimeout(), node.startupTimeout());
    assertEquals(new NodeSettings("127.0.0.1", 0, "", 4096), config.nodeSettings());
  }

  @Test
  void servingLimitsReachTheNodeFromFlagEnvOrFileWithDocumentedDefaults() throws IOException {
    Path file = properties("maxConnections=500\nidleTimeoutMs=7000\n");

    DaemonConfig config = DaemonConfig.load(List.of("--config", file.toString(), "--max-followers", "9"),
        Map.of("RUNNER_BODY_TIMEOUT_MS", "1500", "RUNNER_IDLE_TIMEOUT_MS", "8000"));

    assertEquals(new ServingLimits(500, Duration.ofMillis(8000), Duration.ofMillis(1500), 9),
        config.nodeSettings().limits());
    assertEquals(ServingLimits.defaults(), DaemonConfig.load(List.of(), Map.of()).nodeSettings().limits());
    assertEquals(new ServingLimits(1000, Duration.ofSeconds(30), Duration.ofSeconds(30), 100), ServingLimits.defaults());
    assertEquals("--max-followers: must be below maxConnections (10), so other requests always have room; got 10",
        failure(List.of("--max-connections", "10", "--max-followers", "10")));
    assertEquals("RUNNER_BODY_TIMEOUT_MS: must be 1..86400000, got 0", failure(List.of(), Map.of("RUNNER_BODY_TIMEOUT_MS", "0")));
  }

  @Test
  void aRemoteBindWithoutATokenIsRefusedUnlessExplicitlyAllowed() {
    String refusal = failure(List.of("--bind", "0.0.0.0"));

    assertTrue(refusal.contains("no API token") && refusal.contains("--allow-unauthenticated-remote"), refusal);
    assertEquals("0.0.0.0", DaemonConfig.load(List.of("--bind", "0.0.0.0"), Map.of("RUNNER_API_TOKEN", "t")).bind());
    assertEquals("0.0.0.0", DaemonConfig.load(List.of("--bind", "0.0.0.0", "--allow-unauthenticated-remote", "true"),
        Map.of()).bind());
    assertEquals("127.0.0.1", DaemonConfig.load(List.of("--bind", "127.0.0.1"), Map.of()).bind());
  }

  @Test
  void retentionAndLimitsReachTheService() {
    DaemonConfig config = DaemonConfig.load(List.of("--retention-hours", "3", "--retention-max-tasks", "9",
        "--max-output-bytes", "5000", "--min-free-disk-bytes", "0"), Map.of());

    NodeConfig node = config.nodeConfig();
    assertEquals(Duration.ofHours(3), node.retention().maxAge());
    assertEquals(9, node.retention().maxTasks());
    assertEquals(5000, node.maxOutputBytes());
    assertEquals(0, node.minFreeDiskBytes());
    NodeConfig defaults = DaemonConfig.load(List.of(), Map.of()).nodeConfig();
    assertEquals(Duration.ofDays(7), defaults.retention().maxAge());
    assertEquals(10_000, defaults.retention().maxTasks());
    assertEquals(64L << 20, defaults.maxOutputBytes());
    assertEquals(100L << 20, defaults.minFreeDiskBytes());
  }

  @Test
  void badValuesSayWhereTheyCameFromAndWhatIsExpected() throws IOException {
    Path file = properties("port=-1\n");
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

    assertEquals("--port: must be 0..65535, got x", failure(List.of("--port", "x")));
    assertEquals("RUNNER_PORT: must be 0..65535, got 70000", failure(List.of(), Map.of("RUNNER_PORT", "70000")));
    assertEquals("port in " + file + ": must be 0..65535, got -1", failure(List.of("--config", file.toString())));
    assertEquals("--archive-on-delete: must be true or false, got maybe",
        failure(List.of("--archive-on-delete", "maybe")));
    assertEquals("--heartbeat-ms: must be 1..86400000, got 0", failure(List.of("--heartbeat-ms", "0")));
    assertEquals("--max-running-tasks: must be 1..1000000, got 0", failure(List.of("--max-running-tasks", "0")));
    assertEquals("RUNNER_MAX_BODY_BYTES: must be 1..2147483646, got 0",
        failure(List.of(), Map.of("RUNNER_MAX_BODY_BYTES", "0")));
    assertEquals("--stop-grace-ms: must be 0..86400000, got -5", failure(List.of("--stop-grace-ms=-5")));
    assertEquals("--runner-java: must not be empty", failure(List.of("--runner-java=")));
    assertTrue(failure(List.of("--bind", "no-such-host.invalid")).startsWith("--bind: cannot resolve"));
    assertEquals("--work-root: " + notADirectory + " exists and is not a directory",
        failure(List.of("--work-root", notADirectory.toString())));
  }

  @Test
  void mistakesOnTheCommandLineOrInTheFileAreNamed() throws IOException {
    Path typo = properties("prot=8000\n");

    assertEquals("unknown option '--prot'; see --help", failure(List.of("--prot", "1")));
    assertEquals("unexpected argument 'serve'; see --help", failure(List.of("serve")));
    assertEquals("--port: needs a value", failure(List.of("--port")));
    assertEquals("--port: needs a value", failure(List.of("--port", "--bind", "x")));
    assertEquals("--port: given more than once", failure(List.of("--port", "1", "--port=2")));
    assertTrue(failure(List.of("--config", typo.toString())).startsWith(typo + ": unknown key 'prot'; known keys: bind, port"));
    assertTrue(failure(List.of(), Map.of("RUNNER_CONFIG", dir.resolve("missing.properties").toString()))
        .startsWith("RUNNER_CONFIG: cannot read " + dir.resolve("missing.properties")));
  }

  @Test
  void usageListsEveryFlagAndVariable() {
    String usage = Setting.usage();

    for (Setting setting : Setting.values()) {
      assertTrue(usage.contains(setting.env), setting.env);
      assertTrue(setting.flag == null || usage.contains(setting.flag), setting.name());
    }
  }

  @Test
  void theSampleConfigFileDocumentsEveryKeyAtItsDefault() throws IOException {
    String sample = Files.readString(Path.of("..", "config", "runner.properties"));
    Path uncommented = properties(sample.replaceAll("(?m)^#(\\w+=)", "$1"));

    DaemonConfig config = DaemonConfig.load(List.of("--config", uncommented.toString()), Map.of());

    for (Setting setting : Setting.values()) {
      assertTrue(setting.fileKey == null || sample.contains("\n#" + setting.fileKey + "="), setting.fileKey);
    }
    assertEquals(DaemonConfig.load(List.of(), Map.of()).port(), config.port());
    assertEquals(Path.of("work").toAbsolutePath(), config.workRoot());
    assertEquals(10_000, config.stopGraceMs());
    assertEquals("", config.apiToken());
  }

  private Path properties(String content) throws IOException {
    return Files.writeString(dir.resolve("runner.properties"), content);
  }

  @Test
  void theEnvironmentIsProcessByDefaultAndSlurmWithItsSettingsWhenChosen() {
    assertEquals(DaemonConfig.PROCESS, DaemonConfig.load(List.of(), Map.of()).environment());

    DaemonConfig slurm = DaemonConfig.load(List.of("--environment", "Slurm", "--slurm-partition", "batch"),
        Map.of("RUNNER_SLURM_ACCOUNT", "lab", "RUNNER_SLURM_SBATCH_OPTIONS", " --qos=low  --mem=2G "));

    assertEquals(DaemonConfig.SLURM, slurm.environment());
    assertEquals("batch", slurm.slurm().partition());
    assertEquals("lab", slurm.slurm().account());
    assertEquals(List.of("--qos=low", "--mem=2G"), slurm.slurm().sbatchOptions());
    assertEquals(null, DaemonConfig.load(List.of(), Map.of()).slurm().partition());
  }

  @Test
  void aBadEnvironmentOrSbatchOptionIsRefusedWithWhereItCameFrom() {
    assertEquals("--environment: must be one of process, slurm, got kubernetes",
        failure(List.of("--environment", "kubernetes")));
    assertEquals("RUNNER_SLURM_SBATCH_OPTIONS: 'low' is not an option (each starts with '-', e.g. --qos=low;"
        + " write values with '=')", failure(List.of(), Map.of("RUNNER_SLURM_SBATCH_OPTIONS", "--qos low")));
    String reserved = failure(List.of(), Map.of("RUNNER_SLURM_SBATCH_OPTIONS", "--qos=low -Jmine"));
    assertTrue(reserved.startsWith("RUNNER_SLURM_SBATCH_OPTIONS: --job-name ('-Jmine') is set by the node"), reserved);
  }

  private static String failure(List<String> args) {
    return failure(args, Map.of());
  }

  private static String failure(List<String> args, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> DaemonConfig.load(args, env)).getMessage();
  }
}
