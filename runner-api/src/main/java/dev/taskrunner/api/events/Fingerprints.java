package dev.taskrunner.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an event says about a task, reduced to what a watcher follows: its type, state, outcome,
 * exit code, signal, pid, reason and what a queued task waits for (the fields whose change makes the service report one). Two
 * equal fingerprints mean a client that saw the first knows the second.
 */
final class Fingerprints {
  static final String DELETED = "deleted";
  private static final List<String> FIELDS = List.of("state", "outcome", "exitCode", "signal", "pid", "reason",
      "waitingFor");

  private Fingerprints() {}

  /** The event type a view is reported as: its state, with {@code queued} as "accepted" and a runner without a pid yet as "launched". */
  static String type(TaskView view) {
    if (view.state() == TaskState.QUEUED) {
      return "accepted";
    }
    if (view.state() == TaskState.RUNNING && view.pid() == null) {
      return "launched";
    }
    return view.state().json();
  }

  static String of(String type, Map<String, Object> task) {
    if (task == null) {
      return DELETED;
    }
    StringBuilder print = new StringBuilder(type);
    for (String field : FIELDS) {
      print.append('|').append(Objects.toString(task.get(field), ""));
    }
    return print.toString();
  }

  /** The fingerprint of an event read back from the journal: the same as {@link #of} gave when it was written. */
  static String ofLine(TaskEvent.Parsed line) {
    JsonNode task = line.task();
    if (task == null) {
      return DELETED;
    }
    StringBuilder print = new StringBuilder(line.event().type());
    for (String field : FIELDS) {
      JsonNode value = task.get(field);
      print.append('|').append(value == null || value.isNull() ? ""
          : value.isValueNode() ? value.asText() : TaskEvent.JSON.convertValue(value, Object.class).toString());
    }
    return print.toString();
  }
}
