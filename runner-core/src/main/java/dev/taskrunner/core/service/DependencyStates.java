package dev.taskrunner.core.service;

import dev.taskrunner.core.service.admission.Dependency;
import dev.taskrunner.core.status.Outcome;

/** How a task named in an {@code after} list stands, for admission, from this node's record of it. */
final class DependencyStates {
  private DependencyStates() {}

  /** @param d the task, or null when the node no longer knows it (deleted) */
  static Dependency of(TaskRecord d) {
    if (d == null) {
      return Dependency.ended(false, "was deleted");
    }
    if (!d.state.isFinal()) {
      return Dependency.pending(d.state.json());
    }
    Outcome outcome = d.state == TaskState.EXITED && d.status != null ? d.status.outcome() : null;
    if (outcome == null) {
      return Dependency.ended(false, d.state == TaskState.LOST ? "was lost" : "ended without an outcome");
    }
    return switch (outcome) {
      case SUCCEEDED -> Dependency.ended(true, "succeeded");
      case FAILED -> Dependency.ended(false, "failed");
      case CANCELED -> Dependency.ended(false, "was canceled");
      case TIMEOUT -> Dependency.ended(false, "timed out");
      case ERROR -> Dependency.ended(false, "ended in error");
    };
  }
}
