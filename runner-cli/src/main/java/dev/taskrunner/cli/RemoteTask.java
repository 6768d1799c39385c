package dev.taskrunner.cli;

import dev.taskrunner.core.runner.ExitCodes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** A task view as the node sent it ({@code GET /v1/tasks/{id}}), with the few fields the CLI reasons about. */
record RemoteTask(Map<String, Object> json) {
  /** Exit code of {@code submit --wait} for a task that is lost: it left no outcome to go by. */
  static final int LOST = 1;
  /** SIGTERM: a canceled task exits as a shell reports a process the signal stopped (143). */
  private static final int SIGTERM = 15;

  @SuppressWarnings("unchecked")
  static RemoteTask of(Object json) {
    if (json instanceof Map<?, ?> map && map.get("taskId") instanceof String) {
      return new RemoteTask((Map<String, Object>) map);
    }
    throw new CliException("the node answered something that is not a task: " + json, CliException.FAILED);
  }

  static List<RemoteTask> listOf(Object json) {
    if (!(json instanceof List<?> list)) {
      throw new CliException("the node answered something that is not a list of tasks", CliException.FAILED);
    }
    return list.stream().map(RemoteTask::of).toList();
  }

  String id() {
    return (String) json.get("taskId");
  }

  String text(String field) {
    Object value = json.get(field);
    return value == null ? null : value.toString();
  }

  String state() {
    return text("state");
  }

  String outcome() {
    return text("outcome");
  }

  Instant acceptedAt() {
    try {
      return json.get("acceptedAt") instanceof String s ? Instant.parse(s) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code exited} or {@code lost}: nothing will change any more. */
  boolean isFinal() {
    return "exited".equals(state()) || "lost".equals(state());
  }

  /** {@code ID STATE}, plus {@code (OUTCOME)} once there is one. */
  String summary() {
    return id() + " " + state() + (outcome() == null ? "" : " (" + outcome() + ")");
  }

  /**
   * The exit code that stands for a final task: its own code when it succeeded or failed, 70 for
   * {@code error}, 124 {@code timeout}, 143 {@code canceled}, 1 when it is lost.
   */
  int exitStatus() {
    String outcome = outcome();
    if ("lost".equals(state()) || outcome == null) {
      return LOST;
    }
    return switch (outcome) {
      case "succeeded", "failed" -> json.get("exitCode") instanceof Number n ? n.intValue() : LOST;
      case "error" -> ExitCodes.ERROR;
      case "timeout" -> ExitCodes.TIMEOUT;
      case "canceled" -> ExitCodes.canceledBy(SIGTERM);
      default -> LOST;
    };
  }
}
