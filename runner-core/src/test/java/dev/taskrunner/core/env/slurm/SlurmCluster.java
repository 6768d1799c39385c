package dev.taskrunner.core.env.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import dev.taskrunner.core.process.TaskProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Slurm cluster the Slurm tests run against: the one {@code scontrol ping} answers for. Where
 * there is none the tests are skipped with how to start one — except with {@code CI=true}, where
 * they fail: CI must run them.
 */
public final class SlurmCluster {
  static final String HOW_TO_ENABLE = "start a single-node Slurm cluster first: as root on Debian 12,"
      + " 'bash .ci/slurm/setup.sh' (about 20 s; 'bash .ci/slurm/teardown.sh' stops it)";

  private SlurmCluster() {}

  /** Returns when Slurm answers; skips the test (fails it under CI=true) otherwise. */
  public static void require() {
    String why = ping();
    if (why == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("Slurm is not running (" + why + "), and CI must run the Slurm tests: " + HOW_TO_ENABLE);
    }
    Assumptions.abort("Slurm tests skipped: " + why + ". To run them, " + HOW_TO_ENABLE);
  }

  private static String ping() {
    try {
      Process p = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "scontrol ping did not answer within 20 s";
      }
      String out = new String(p.getInputStream().readAllBytes());
      return p.exitValue() == 0 && out.contains("UP") ? null : "scontrol ping: " + out.strip();
    } catch (Exception e) {
      return "no Slurm client here (scontrol: " + e.getMessage() + ")";
    }
  }

  /**
   * Cancels, with SIGKILL, every job of this user named by one of these task directories, and kills
   * what is left of their tasks on this host (their commands run in sessions Slurm does not follow).
   */
  public static void cancelJobs(List<Path> taskDirectories) {
    if (taskDirectories.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    taskDirectories.forEach(d -> names.add(d.getFileName().toString()));
    try {
      new ProcessBuilder("scancel", "--me", "--full", "--signal=KILL", "--name=" + String.join(",", names))
          .redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
      new ProcessBuilder("scancel", "--me", "--name=" + String.join(",", names))
          .redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
      Process jobs = new ProcessBuilder("squeue", "--me", "-h", "-t", "all", "--name=" + String.join(",", names),
          "-o", "%i %j").start();
      for (String line : new String(jobs.getInputStream().readAllBytes()).split("\n")) {
        String[] f = line.strip().split(" ");
        if (f.length == 2) {
          TaskProcesses.kill(SlurmJob.cookie(f[1], f[0]), Duration.ZERO);
        }
      }
    } catch (Exception e) {
      // a test that left a job says so by its own failure
    }
  }
}
