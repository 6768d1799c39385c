package dev.taskrunner.core.service.admission;

import dev.taskrunner.core.task.Resources;
import dev.taskrunner.core.task.TaskSummary;
import java.util.List;

/** What a queued task needs before it may start: its resources, and the tasks it runs after. */
public record Claim(String taskId, Resources resources, List<String> after, boolean afterAny) {

  public Claim {
    after = List.copyOf(after);
  }

  public static Claim of(String taskId, TaskSummary summary) {
    return summary == null ? new Claim(taskId, Resources.NONE, List.of(), false)
        : new Claim(taskId, summary.resources(), summary.after(), summary.afterAny());
  }

  /** Waits for nothing but a free slot. */
  public boolean isPlain() {
    return resources.isEmpty() && after.isEmpty();
  }
}
