package dev.taskrunner.api.tasks;

import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The {@code q} filter of {@code GET /v1/tasks}: tasks whose id, name, machine, outcome or reason
 * contains the text, ignoring case, in creation order, then paged. It walks every task's view (the
 * service has no text index), which takes a few milliseconds for the node's 10,000 retained tasks.
 */
public final class TaskSearch {
  public static final int MAX_TEXT = 200;

  private TaskSearch() {}

  /** One page of matches and how many matched in all. */
  public record Page(List<TaskView> tasks, int total) {}

  public static Page page(TaskService service, TaskState state, String text, int offset, int limit) {
    String needle = text.toLowerCase(Locale.ROOT);
    List<TaskView> matches = service.list(state, 0, Integer.MAX_VALUE).stream().filter(v -> matches(v, needle)).toList();
    List<TaskView> page = matches.stream().skip(offset).limit(limit).toList();
    return new Page(page, matches.size());
  }

  static boolean matches(TaskView view, String needle) {
    return Stream.of(view.taskId(), view.name(), view.machine(), view.outcome() == null ? null : view.outcome().json(),
            view.reason())
        .filter(Objects::nonNull)
        .anyMatch(field -> field.toLowerCase(Locale.ROOT).contains(needle));
  }
}
