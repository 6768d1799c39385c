package dev.taskrunner.core.env;

import dev.taskrunner.core.env.slurm.SlurmJob;
import dev.taskrunner.core.process.RunnerIdentity;
import java.util.Map;

/**
 * What the node keeps, in its own file, of a runner it launched, to find it again: the fact the
 * runner's {@link Environment} trusts first. On this host that is the kernel's word
 * ({@link RunnerIdentity}: pid, start time, boot); on a batch scheduler it is the scheduler's job
 * ({@link SlurmJob}). The node never signals anything its environment has not verified from it.
 */
public interface RunnerRecord {

  /** The runner's pid on the node's own host, verified by the kernel; {@code null} where the runner runs elsewhere. */
  default Long localPid() {
    return null;
  }

  /** A short name for messages: {@code pid 4242}, {@code Slurm job 17}. */
  String describe();

  /** The record as {@code node.json} keeps it. */
  Map<String, Object> toJson();

  /**
   * The value that marks every process of this runner's task ({@code TASK_RUNNER_COOKIE}): the
   * runner computes it from itself and the node from this record, so neither has to pass it on.
   */
  String cookie(String taskId);

  /** A record read back from {@code node.json}; null when {@code json} is none of the known forms. */
  static RunnerRecord parse(Object json) {
    if (!(json instanceof Map<?, ?> m)) {
      return null;
    }
    if (m.containsKey(SlurmJob.JSON_KEY)) {
      return SlurmJob.fromJson(m);
    }
    if (m.get("pid") instanceof Long pid && m.get("startTicks") instanceof Long ticks && m.get("bootId") instanceof String boot) {
      return new RunnerIdentity(pid, ticks, boot);
    }
    return null;
  }
}
