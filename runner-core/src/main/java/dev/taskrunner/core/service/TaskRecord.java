package dev.taskrunner.core.service;

import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.service.admission.Claim;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's live record of one task. Every field but {@link #view} is read and written only by
 * the service's single scheduler thread; request threads read the immutable {@link #view}, which
 * the scheduler republishes after each change, and so never wait on a lock or on disk.
 */
final class TaskRecord {
  final String id;
  final TaskDirectory dir;
  /** What the views show of the definition; null when {@code task.json} could not be read (the task is then lost). */
  final TaskSummary summary;
  NodeMarks marks;
  TaskState state;
  TaskStatus status;
  RunnerHandle runner;
  boolean stopSignalled;
  /** The start event went out (or the task was already running when this node recovered it). */
  boolean startReported;
  /** Taken by the one DELETE or retention pass that disposes of this task's directory. */
  final AtomicBoolean forgetting = new AtomicBoolean();
  String reason;
  /**
   * Accepted by this node and never launched since: no runner has written an {@code output.log},
   * so a view need not look for one (a stat that fails costs an exception, on every submission).
   */
  volatile boolean outputUnborn;
  /** What a queued task waits for, as admission last said; null when only for a free slot. */
  String waitingFor;
  /** What it needs before it may start (its resources, the tasks it runs after). */
  final Claim claim;
  /** Completes once the task is final (exited or lost). */
  final CompletableFuture<Void> finished = new CompletableFuture<>();
  /** Completes once the accepted task is on disk. */
  final CompletableFuture<Void> persisted = new CompletableFuture<>();
  private volatile TaskView view;
  /** Whether this final task is in the index of finished tasks; set by the index's writer. */
  volatile FinishedIndex.Mark indexed = FinishedIndex.Mark.NO;
  /** Told of each change of the view once set; none while the node recovers the task at start. */
  TaskEvents events = TaskEvents.NONE;

  TaskRecord(String id, TaskDirectory dir, TaskSummary summary, NodeMarks marks, TaskState state) {
    this.id = id;
    this.dir = dir;
    this.summary = summary;
    this.marks = marks;
    this.state = state;
    this.claim = Claim.of(id, summary);
  }

  /** Launched and not ended: it holds its resources until its runner and its processes are gone. */
  boolean holdsResources() {
    return isActive() && marks.launchedAt() != null && !claim.resources().isEmpty();
  }

  long seq() {
    return marks.seq();
  }

  boolean isActive() {
    return state == TaskState.RUNNING || state == TaskState.STALLED || state == TaskState.STOPPING;
  }

  void moveTo(TaskState next) {
    if (!state.canBecome(next)) {
      throw new IllegalStateException("task " + id + ": " + state.json() + " cannot become " + next.json());
    }
    state = next;
  }

  TaskView view() {
    return view;
  }

  /** Rebuilds the snapshot that readers see; called by the scheduler after every change. */
  void publish(Clock clock, long outputLimit) {
    TaskView before = view;
    long outputBytes = outputUnborn ? 0 : dir.outputSize();
    Instant now = clock.instant();
    TaskStatus s = status;
    Long age = s != null && s.updatedAt() != null && !state.isFinal() && state != TaskState.QUEUED
        ? Math.max(0, Duration.between(s.updatedAt(), now).toMillis()) : null;
    view = new TaskView(id, state,
        summary == null ? null : summary.name(),
        summary == null ? null : summary.machine(),
        s == null ? null : s.outcome(),
        s == null ? null : s.exitCode(),
        marks.runner() == null ? null : marks.runner().localPid(), // the node's record, never the task's files
        s == null ? null : s.host(),
        marks.acceptedAt(),
        s == null ? null : s.startedAt(),
        s == null ? null : s.updatedAt(),
        s == null ? null : s.finishedAt(),
        age,
        summary == null ? null : summary.timeoutSeconds(),
        reason != null ? reason : s == null ? null : s.reason(),
        outputBytes,
        outputBytes > outputLimit,
        s == null ? null : s.signal(),
        claim.resources().isEmpty() ? null : claim.resources(),
        claim.after().isEmpty() ? null : claim.after(),
        claim.after().isEmpty() ? null : claim.afterAny(),
        holdsResources() ? claim.resources() : null,
        state == TaskState.QUEUED ? waitingFor : null);
    if (state.isFinal()) {
      finished.complete(null);
    }
    if (before != null && changedForWatchers(before, view)) {
      events.changed(view);
    }
  }

  private static boolean changedForWatchers(TaskView a, TaskView b) {
    return a.state() != b.state() || a.outcome() != b.outcome() || !java.util.Objects.equals(a.exitCode(), b.exitCode())
        || !java.util.Objects.equals(a.pid(), b.pid()) || !java.util.Objects.equals(a.reason(), b.reason())
        || !java.util.Objects.equals(a.waitingFor(), b.waitingFor());
  }
}
