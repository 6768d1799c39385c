package dev.taskrunner.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the event stream: its id (increasing, never reused, kept across node restarts), its
 * type ({@code accepted}, {@code launched}, {@code running}, {@code stalled}, {@code stopping},
 * {@code exited}, {@code lost}, {@code deleted}) and its JSON {@code line}, which is both the
 * journal's line and the SSE {@code data}: {@code {"id", "type", "taskId", "at", "task"}} where
 * {@code task} is the view as {@code GET /v1/tasks/{id}} shows it (null for {@code deleted}).
 */
public record TaskEvent(long id, String type, String taskId, String line) {
  static final ObjectMapper JSON = new ObjectMapper();

  static TaskEvent of(long id, String type, String taskId, String at, Map<String, Object> task) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("type", type);
    body.put("taskId", taskId);
    body.put("at", at);
    body.put("task", task);
    try {
      return new TaskEvent(id, type, taskId, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event of plain values cannot fail to render", e);
    }
  }

  /** Reads a journal line; null for one that is not a whole event (a line torn by a crash). */
  static TaskEvent parse(String line) {
    Parsed parsed = read(line);
    return parsed == null ? null : parsed.event();
  }

  /** A journal line read back: the event, and its task as a tree (null for none), so a line is parsed once. */
  record Parsed(TaskEvent event, JsonNode task) {}

  /** The same as {@link #parse}, with the task's tree. */
  static Parsed read(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.path("id").canConvertToLong() || !node.path("type").isTextual()) {
        return null;
      }
      JsonNode task = node.get("task");
      return new Parsed(new TaskEvent(node.get("id").asLong(), node.get("type").asText(), node.path("taskId").asText(null), line),
          task == null || task.isNull() ? null : task);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The server-sent-events frame: {@code id}, {@code event} (the type) and {@code data} (the line). */
  byte[] frame() {
    return sse(Long.toString(id), type, line);
  }

  /** An SSE frame; {@code id} null for none. The data is one JSON line, so it needs no splitting. */
  static byte[] sse(String id, String event, String data) {
    StringBuilder frame = new StringBuilder(data.length() + 64);
    if (id != null) {
      frame.append("id: ").append(id).append('\n');
    }
    frame.append("event: ").append(event).append('\n').append("data: ").append(data).append("\n\n");
    return frame.toString().getBytes(StandardCharsets.UTF_8);
  }
}
