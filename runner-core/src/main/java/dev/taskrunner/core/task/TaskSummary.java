package dev.taskrunner.core.task;

import java.util.List;

/**
 * What a node keeps in memory of an accepted task: the few fields its views show, and what it
 * waits for before it starts (its resources, the tasks it runs after). The whole
 * definition (its parameters may be a megabyte) stays in {@code task.json} and is read from there
 * when needed, so the node's memory does not grow with what its tasks carry.
 */
public record TaskSummary(String machine, String name, Long timeoutSeconds, Resources resources, List<String> after,
    boolean afterAny) {

  public TaskSummary {
    resources = resources == null ? Resources.NONE : resources;
    after = after == null ? List.of() : List.copyOf(after);
  }

  /** A task that waits for nothing. */
  public TaskSummary(String machine, String name, Long timeoutSeconds) {
    this(machine, name, timeoutSeconds, Resources.NONE, List.of(), false);
  }
}
