package dev.taskrunner.core.env.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SbatchCommandTest {
  private static final Path DIR = Path.of("/shared/work/task-1");

  @Test
  void theJobIsNamedByTheTaskRunsInItsDirectoryIsNeverRequeuedAndCarriesTheSettings() {
    List<String> argv = SbatchCommand.argv(DIR, DIR.resolve("runner.out"), 3L,
        new SlurmSettings("batch", "lab", List.of("--qos=low")));

    assertEquals(List.of("sbatch", "--parsable", "--no-requeue", "--job-name=task-1", "--chdir=/shared/work/task-1",
        "--output=/shared/work/task-1/runner.out", "--open-mode=append", "--partition=batch",
        "--account=lab", "--qos=low", "--time=3"), argv);
  }

  @Test
  void aTasksTimeoutComesAfterTheSettingsSoItsTimeLimitWinsAndTheSettingsHoldsForOthers() {
    SlurmSettings settings = new SlurmSettings(null, null, List.of("--time=600"));

    List<String> timed = SbatchCommand.argv(DIR, DIR.resolve("runner.out"), 3L, settings);
    List<String> untimed = SbatchCommand.argv(DIR, DIR.resolve("runner.out"), null, settings);

    assertEquals("--time=3", timed.get(timed.size() - 1), "sbatch takes the last --time");
    assertEquals("--time=600", untimed.get(untimed.size() - 1));
    assertEquals(1, untimed.stream().filter(a -> a.startsWith("--time")).count());
  }

  @Test
  void withoutATimeoutOrSettingsTheClustersDefaultsHold() {
    List<String> argv = SbatchCommand.argv(DIR, DIR.resolve("runner.out"), null, SlurmSettings.defaults());

    assertFalse(argv.stream().anyMatch(a -> a.startsWith("--time") || a.startsWith("--partition") || a.startsWith("--account")));
  }

  @Test
  void theScriptExecsTheRunnerWithEveryArgumentQuotedAndItsJobId() {
    String script = SbatchCommand.script(List.of("/opt/jdk/bin/java", "-cp", "/opt/it's.jar", "Main"), DIR);

    assertTrue(script.startsWith("#!/bin/sh\nexec '/opt/jdk/bin/java' '-cp' '/opt/it'\\''s.jar' 'Main'"), script);
    assertTrue(script.endsWith(" --slurm-job \"$SLURM_JOB_ID\" '/shared/work/task-1'\n"), script);
  }

  @Test
  void aRecordIsAPlainJobIdAndNamesTheTasksCookie() {
    assertEquals("t/slurm/17", new SlurmJob("17").cookie("t"));
    assertEquals("Slurm job 17", new SlurmJob("17").describe());
    assertThrows(IllegalArgumentException.class, () -> new SlurmJob("17; rm -rf /"));
    assertEquals(new SlurmJob("17"), dev.taskrunner.core.env.RunnerRecord.parse(new SlurmJob("17").toJson()));
  }

  @Test
  void onlyFinalStatesAreEnded() {
    for (String state : List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY")) {
      assertTrue(new JobInfo("1", state, "", "", "").ended(), state);
    }
    for (String state : List.of("PENDING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "SOMETHING_NEW")) {
      assertFalse(new JobInfo("1", state, "", "", "").ended(), state);
    }
    assertEquals("Slurm job 9 ended NODE_FAIL (NodeDown)", new JobInfo("9", "NODE_FAIL", "NodeDown", "", "").describeEnd());
  }
}
