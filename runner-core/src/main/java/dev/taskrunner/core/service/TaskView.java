package dev.taskrunner.core.service;

import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.task.Resources;
import java.time.Instant;
import java.util.List;

/**
 * What the node tells about one task: an immutable snapshot. Fields that do not apply are null
 * (no {@code pid} before the node launched a runner — the pid is the node's record of it, never
 * read from a file the task could write — no {@code exitCode} unless the task itself
 * exited with one). {@code reason} explains an {@code error} outcome or a {@code lost} state.
 *
 * @param heartbeatAgeMillis how old the runner's last status write is, for a live runner
 * @param outputBytes the size of {@code output.log} (refreshed while the task runs)
 * @param outputTruncated the task wrote more than the output limit and the rest was discarded
 * @param signal the signal that killed the task's command (outcome {@code failed}, no exit code)
 * @param resources the resources the task takes while it runs (null when none)
 * @param after the tasks it runs after (null when none), with {@code afterAny}
 * @param holds the resources it holds now: from its launch until its runner and every process of
 *     it are gone (null otherwise)
 * @param waitingFor what a queued task waits for: {@code "exclusive disk7, held by T1"},
 *     {@code "dependency T2 (running)"}; null when it waits only for a free slot
 */
public record TaskView(
    String taskId,
    TaskState state,
    String name,
    String machine,
    Outcome outcome,
    Integer exitCode,
    Long pid,
    String host,
    Instant acceptedAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    Long heartbeatAgeMillis,
    Long timeoutSeconds,
    String reason,
    long outputBytes,
    boolean outputTruncated,
    Integer signal,
    Resources resources,
    List<String> after,
    Boolean afterAny,
    Resources holds,
    String waitingFor) {

  /** A view of a task that waits for nothing. */
  public TaskView(String taskId, TaskState state, String name, String machine, Outcome outcome, Integer exitCode,
      Long pid, String host, Instant acceptedAt, Instant startedAt, Instant updatedAt, Instant finishedAt,
      Long heartbeatAgeMillis, Long timeoutSeconds, String reason, long outputBytes, boolean outputTruncated,
      Integer signal) {
    this(taskId, state, name, machine, outcome, exitCode, pid, host, acceptedAt, startedAt, updatedAt, finishedAt,
        heartbeatAgeMillis, timeoutSeconds, reason, outputBytes, outputTruncated, signal, null, null, null, null, null);
  }
}
