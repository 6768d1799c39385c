package dev.taskrunner.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.service.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerJvmOptionsTest {
  @TempDir Path home;

  @Test
  void interpretedOnEveryJdkWithTheAotCacheFlagsFrom25() throws Exception {
    assertEquals(RunnerJvmOptions.INTERPRETED, RunnerJvmOptions.forJava(fakeJava("17.0.15")));
    assertEquals(RunnerJvmOptions.INTERPRETED, RunnerJvmOptions.forJava(fakeJava("24")));
    assertEquals(RunnerJvmOptions.WITH_AOT_CACHE, RunnerJvmOptions.forJava(fakeJava("25.0.3")));
    assertEquals(RunnerJvmOptions.INTERPRETED, RunnerJvmOptions.forJava("/no/such/java"), "an unknown JDK: the older kind");
    assertTrue(RunnerJvmOptions.WITH_AOT_CACHE.contains("-XX:ArchiveRelocationMode=0"));
    assertTrue(RunnerJvmOptions.WITH_AOT_CACHE.contains("-Xint") && RunnerJvmOptions.INTERPRETED.contains("-Xint"));
  }

  @Test
  void jdk25RunnersDoNotReplayTrainingDataAndDiagnosticFlagsComeAfterTheirUnlock() {
    List<String> options = RunnerJvmOptions.WITH_AOT_CACHE;
    int unlock = options.indexOf("-XX:+UnlockDiagnosticVMOptions");
    assertTrue(unlock >= 0, options.toString());
    assertTrue(options.indexOf("-XX:-AOTReplayTraining") > unlock, options.toString());
    assertTrue(options.indexOf("-XX:ArchiveRelocationMode=0") > unlock, options.toString());
    assertFalse(RunnerJvmOptions.INTERPRETED.contains("-XX:-AOTReplayTraining"), "JDK 17 has no such flag");
  }

  @Test
  void aNodeConfigsRunnerFlagsFollowItsRunnerJava() throws Exception {
    NodeConfig config = NodeConfig.defaults(home.resolve("work")).toBuilder().runnerJava(fakeJava("25")).build();

    assertEquals(RunnerJvmOptions.WITH_AOT_CACHE, config.runnerJvmOptions());
  }

  private String fakeJava(String version) throws Exception {
    Path jdk = Files.createDirectories(home.resolve("jdk-" + version));
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    return Files.writeString(Files.createDirectories(jdk.resolve("bin")).resolve("java"), "#!/bin/sh\n").toString();
  }
}
