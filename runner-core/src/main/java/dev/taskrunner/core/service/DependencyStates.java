package dev.taskrunner.core.service;

import dev.taskrunner.core.service.admission.Dependency;
import dev.taskrunner.core.status.Outcome;

/** How a task named in an {@code after} list stands, for admission, from this node's record of it. */
final class DependencyStates {
  private DependencyStates() {}

  /**
   * @param d the task, or null when the node no longer knows it (deleted)
   * @param waiting the task that runs after it
   */
  static Dependency of(TaskRecord d, TaskRecord waiting) {
    // A task accepted after the one waiting for it is not the task it named: that one was deleted
    // and its id reused (else a new task could run after its own dependent, and both wait forever).
    if (d == null || (waiting != null && d.seq() > waiting.seq())) {
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
