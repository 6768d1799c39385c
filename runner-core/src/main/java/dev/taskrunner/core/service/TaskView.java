package dev.taskrunner.core.service;

import dev.taskrunner.core.status.Outcome;
import java.time.Instant;

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
    Integer signal) {}
