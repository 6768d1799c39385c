package dev.taskrunner.core.env.slurm;

import dev.taskrunner.core.env.RunnerRecord;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A runner as Slurm knows it: the id of the batch job {@code sbatch} answered with. The node
 * records it in {@code node.json} before it answers the submission; from then on Slurm's record of
 * the job (squeue, then the job completion log) is the first fact about the runner, as the kernel's
 * is for a local one. The job id also names the cookie of the task's processes, so the node can
 * find what is left of a task on a host it never saw the runner's pid on.
 */
public record SlurmJob(String jobId) implements RunnerRecord {
  /** The key of the job id in {@code node.json}'s {@code runner} object. */
  public static final String JSON_KEY = "slurmJobId";
  private static final Pattern ID = Pattern.compile("[0-9]{1,19}");

  public SlurmJob {
    requireId(jobId);
  }

  /** {@code id} if it is a plain Slurm job id; else IllegalArgumentException naming it. */
  public static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a Slurm job id: '" + id + "'");
    }
    return id;
  }

  /** The cookie of a task run in job {@code jobId}: the runner's side and the node's. */
  public static String cookie(String taskId, String jobId) {
    return taskId + "/slurm/" + jobId;
  }

  @Override
  public String cookie(String taskId) {
    return cookie(taskId, jobId);
  }

  @Override
  public String describe() {
    return "Slurm job " + jobId;
  }

  @Override
  public Map<String, Object> toJson() {
    return Map.of(JSON_KEY, jobId);
  }

  /** The record in {@code json}; null when its job id is not one. */
  public static SlurmJob fromJson(Map<?, ?> json) {
    Object id = json.get(JSON_KEY);
    return id instanceof String s && ID.matcher(s).matches() ? new SlurmJob(s) : null;
  }
}
