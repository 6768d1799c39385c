package dev.taskrunner.core.status;

import java.time.Instant;

/**
 * The content of {@code status.json}: the record a TaskRunner keeps of itself, and what a node
 * reads to re-adopt a task. Version 1 fields are those of DESIGN.md plus {@code version} and
 * {@code reason} (why an {@code error} outcome happened), and {@code signal}: the signal that killed the
 * task's command (then no {@code exitCode}). A status with no {@code finishedAt} is
 * a runner that was alive at {@code updatedAt}; {@code pid} with {@code pidStartedAt} names that
 * runner process exactly, so a recycled pid is never taken for it.
 */
public record TaskStatus(
    int version,
    String taskId,
    long pid,
    Instant pidStartedAt,
    String host,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    Integer exitCode,
    Outcome outcome,
    String reason,
    Integer signal) {

  public static final int CURRENT_VERSION = 1;

  /** A runner's first status. */
  public static TaskStatus started(String taskId, long pid, Instant pidStartedAt, String host, Instant now) {
    return new TaskStatus(CURRENT_VERSION, taskId, pid, pidStartedAt, host, now, now, null, null, null, null, null);
  }

  public TaskStatus heartbeat(Instant now) {
    return new TaskStatus(version, taskId, pid, pidStartedAt, host, startedAt, now, null, null, null, null, null);
  }

  public TaskStatus finish(Instant now, Integer code, Outcome how, String why) {
    return finish(now, code, how, why, null);
  }

  /** The final record; {@code signal} is the signal that killed the task's command, if one did. */
  public TaskStatus finish(Instant now, Integer code, Outcome how, String why, Integer signal) {
    return new TaskStatus(version, taskId, pid, pidStartedAt, host, startedAt, now, now, code, how, why, signal);
  }

  public boolean finished() {
    return finishedAt != null;
  }
}
