package dev.taskrunner.core.service;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A task's state as the node reports it (field {@code state} of the API).
 * <pre>
 *   queued ──► running ◄──► stalled
 *     │           │            │
 *     │           ▼            ▼
 *     │        stopping ──► exited
 *     │           │
 *     └──────────►┴──► lost   (runner gone, no final status)
 * </pre>
 * {@code queued}: accepted, waiting for a slot, its resources or its dependencies (the view's
 * {@code waitingFor} says which). {@code running}: a runner is alive (or starting).
 * {@code stalled}: the runner is alive but its heartbeat is older than the stall threshold; it
 * returns to {@code running} when the heartbeat resumes. {@code stopping}: a stop was asked.
 * {@code exited}: a final status exists (see its outcome). {@code lost}: the runner is gone and left
 * no final status. {@code exited} and {@code lost} are final. A launched task goes back to
 * {@code queued} only when no runner ever took it (no runner seen, no status file, past the startup
 * timeout: the node died between recording the launch and starting the runner).
 */
public enum TaskState {
  QUEUED, RUNNING, STALLED, STOPPING, EXITED, LOST;

  private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.of(
      QUEUED, EnumSet.of(RUNNING, STOPPING, EXITED, LOST),
      RUNNING, EnumSet.of(QUEUED, STALLED, STOPPING, EXITED, LOST),
      STALLED, EnumSet.of(QUEUED, RUNNING, STOPPING, EXITED, LOST),
      STOPPING, EnumSet.of(EXITED, LOST),
      EXITED, EnumSet.noneOf(TaskState.class),
      LOST, EnumSet.noneOf(TaskState.class));

  /** The name used in JSON and query strings: {@code "running"}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code value} (as {@link #json()} writes it); IllegalArgumentException otherwise. */
  public static TaskState fromJson(String value) {
    for (TaskState s : values()) {
      if (s.json().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown state '" + value + "'; expected one of queued, running, stalled, stopping, exited, lost");
  }

  public boolean canBecome(TaskState next) {
    return next == this || ALLOWED.get(this).contains(next);
  }

  /** Exited or lost: nothing will change any more. */
  public boolean isFinal() {
    return this == EXITED || this == LOST;
  }
}
