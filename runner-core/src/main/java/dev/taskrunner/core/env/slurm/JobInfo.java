package dev.taskrunner.core.env.slurm;

import java.util.Set;

/**
 * What Slurm says of one job: its state ({@code PENDING}, {@code RUNNING}, {@code NODE_FAIL}...),
 * the reason it gives (why it waits, why it failed; may be empty), its name and working directory
 * (empty when only the completion log knew the job).
 */
record JobInfo(String jobId, String state, String reason, String name, String workDir) {
  /**
   * States in which the job, and so its runner, has ended for good. Every other state (pending,
   * running, suspended, completing, requeued, one a newer Slurm adds) counts as not ended: the
   * node waits rather than declare a runner gone that may still run.
   */
  private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
      "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "REVOKED", "SPECIAL_EXIT");

  boolean ended() {
    return ENDED.contains(state);
  }

  boolean pending() {
    return "PENDING".equals(state);
  }

  /** "Slurm job 17 ended NODE_FAIL (reason)" — what a lost task's reason quotes. */
  String describeEnd() {
    return "Slurm job " + jobId + " ended " + state + (reason.isEmpty() || "None".equals(reason) ? "" : " (" + reason + ")");
  }
}
