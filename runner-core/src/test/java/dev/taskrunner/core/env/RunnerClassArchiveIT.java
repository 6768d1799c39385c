package dev.taskrunner.core.env;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.service.NodeConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner class archive is made once by a training run, then runners start with it. */
class RunnerClassArchiveIT {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** Jars only, as in production (the node's shaded jar): CDS will not archive from class directories. */
  private static final String CLASSPATH = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
      .map(e -> e.endsWith("target/classes") || e.endsWith("target/classes/")
          ? Path.of(e).getParent().resolve("runner-core-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + ".jar")
          : Path.of(e))
      .filter(p -> p.toString().endsWith(".jar"))
      .map(p -> p.toAbsolutePath().toString())
      .collect(Collectors.joining(File.pathSeparator));
  private static final List<String> OPTIONS = NodeConfig.DEFAULT_RUNNER_JVM_OPTIONS;
  @TempDir Path cds;
  @TempDir Path task;

  @Test
  void aTrainingRunMakesTheArchiveOnceAndRunnersStartWithIt() throws Exception {
    // GIVEN a stale archive of another build
    Files.createDirectories(cds);
    Files.writeString(cds.resolve("runner-0000000000000000.jsa"), "old");
    RunnerClassArchive archive = new RunnerClassArchive(cds, JAVA, OPTIONS, CLASSPATH);
    assertEquals(OPTIONS, archive.apply(OPTIONS), "nothing to use before the training run");

    // WHEN it is prepared
    archive.prepare();

    // THEN it becomes ready, the stale one is gone, and a second node finds it ready at once
    await().atMost(Duration.ofSeconds(90)).until(archive::ready);
    assertTrue(Files.size(archive.path()) > 100_000, "an archive of some size");
    assertFalse(Files.exists(cds.resolve("runner-0000000000000000.jsa")));
    assertTrue(new RunnerClassArchive(cds, JAVA, OPTIONS, CLASSPATH).ready());
    assertFalse(new RunnerClassArchive(cds, JAVA, List.of("-Xmx32m"), CLASSPATH).ready(), "other options, other archive");
    try (var entries = Files.list(cds)) {
      assertEquals(List.of(archive.path()), entries.toList(), "the training directory was cleaned up");
    }

    // AND a runner launched with it runs its task, with no complaint from the JVM about the archive
    Files.writeString(task.resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"ECHO with cds\"],\"id\":\"t\"}");
    ProcessEnvironment environment = new ProcessEnvironment(JAVA, OPTIONS, CLASSPATH, List.of(), archive);
    RunnerHandle runner = environment.launch(task);
    runner.onExit().get();
    assertEquals("with cds\n", Files.readString(task.resolve("output.log")));
    assertTrue(Files.readString(task.resolve("status.json")).contains("\"succeeded\""));
    String out = Files.exists(task.resolve(TaskFiles.RUNNER_OUT)) ? Files.readString(task.resolve(TaskFiles.RUNNER_OUT)) : "";
    assertFalse(out.contains("shared archive"), out);
  }

  @Test
  void closingStopsTheTrainingRunAndLeavesNothingHalfMadeWhileADeadNodesLeftoverIsCleared() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path leftover = Files.writeString(cds.resolve("runner-0000000000000000.jsa.tmp-" + gone.pid()), "half");
    Path aotConfig = Files.writeString(cds.resolve("runner-0000000000000000.aot.tmp-" + gone.pid() + ".config"), "half");
    RunnerClassArchive archive = new RunnerClassArchive(cds, JAVA, OPTIONS, CLASSPATH).prepare();

    archive.close();

    assertFalse(archive.ready());
    assertFalse(Files.exists(leftover), "a dead node's half-made archive is removed");
    assertFalse(Files.exists(aotConfig), "and a JDK 25 training's configuration file");
    try (var entries = Files.list(cds)) {
      assertEquals(List.of(), entries.toList(), "no training directory, no half-made archive");
    }
  }

  @Test
  void onAJdkWithAnAotCacheTheArchiveIsOneAndRunnersStartWithIt() throws Exception {
    String java25 = newerJava().orElse(null);
    // CI machines have one (Temurin 25 under /usr/lib/jvm): there the JDK 25 path is never skipped unseen
    assertFalse(java25 == null && "true".equals(System.getenv("CI")),
        "CI=true but no JDK " + RunnerClassArchive.AOT_CACHE_JDK + "+ under /usr/lib/jvm (Temurin 25 is expected there)");
    Assumptions.assumeTrue(java25 != null, "no JDK " + RunnerClassArchive.AOT_CACHE_JDK + "+ under /usr/lib/jvm");
    // the flags a node picks for that JDK, as it trains and launches with them
    List<String> jdk25Options = RunnerJvmOptions.forJava(java25);
    RunnerClassArchive archive = new RunnerClassArchive(cds, java25, jdk25Options, CLASSPATH).prepare();

    await().atMost(Duration.ofSeconds(90)).until(archive::ready);
    assertTrue(archive.path().toString().endsWith(".aot"), archive.path().toString());
    List<String> options = archive.apply(jdk25Options);
    assertTrue(options.contains("-XX:AOTCache=" + archive.path()), options.toString());
    assertTrue(options.stream().noneMatch(o -> o.startsWith("-Xshare:")), "the JVM refuses -Xshare beside an AOT cache");

    // AOTMode=on: this runner's JVM refuses to start unless it can use the cache
    List<String> cacheRequired = new ArrayList<>(jdk25Options);
    cacheRequired.add("-XX:AOTMode=on");
    Files.writeString(task.resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"ECHO with aot\"],\"id\":\"t\"}");
    RunnerHandle runner = new ProcessEnvironment(java25, cacheRequired, CLASSPATH, List.of(), archive).launch(task);
    runner.onExit().get();
    assertEquals("with aot\n", Files.readString(task.resolve("output.log")));
    String out = Files.exists(task.resolve(TaskFiles.RUNNER_OUT)) ? Files.readString(task.resolve(TaskFiles.RUNNER_OUT)) : "";
    assertFalse(out.contains("aot"), out);
  }

  private static Optional<String> newerJava() throws Exception {
    try (var homes = Files.list(Path.of("/usr/lib/jvm"))) {
      return homes.map(h -> h.resolve("bin/java").toString())
          .filter(j -> Files.isExecutable(Path.of(j)) && JavaVersions.feature(j) >= RunnerClassArchive.AOT_CACHE_JDK)
          .findFirst();
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
