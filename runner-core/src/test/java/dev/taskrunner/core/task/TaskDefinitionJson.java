package dev.taskrunner.core.task;

import dev.taskrunner.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test fixture: a task definition as the JSON a client sends, built field by field. Starts valid
 * ({@link #anEchoTask}, {@link #anExecTask}); {@link #with} and {@link #without} bend one field
 * at a time, so each test states only what it is about.
 */
public final class TaskDefinitionJson {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private TaskDefinitionJson(String machine, Object parameters) {
    fields.put("machine", machine);
    fields.put("parameters", parameters);
  }

  /** An echo task whose script is {@code lines}. */
  public static TaskDefinitionJson anEchoTask(String... lines) {
    return new TaskDefinitionJson("echo", Arrays.asList(lines));
  }

  /** An exec task running {@code argv} with no shell. */
  public static TaskDefinitionJson anExecTask(String... argv) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("command", Arrays.asList(argv));
    return new TaskDefinitionJson("exec", parameters);
  }

  /** Sets {@code field} to {@code value} (any plain JSON value, {@code null} included). */
  public TaskDefinitionJson with(String field, Object value) {
    fields.put(field, value);
    return this;
  }

  public TaskDefinitionJson withId(String id) {
    return with("id", id);
  }

  public TaskDefinitionJson withName(String name) {
    return with("name", name);
  }

  public TaskDefinitionJson withTimeoutSeconds(Object timeout) {
    return with("timeoutSeconds", timeout);
  }

  /** Leaves {@code field} out of the document altogether. */
  public TaskDefinitionJson without(String field) {
    fields.remove(field);
    return this;
  }

  public byte[] bytes() {
    return Json.toBytes(fields);
  }

  public String text() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /** The definition as {@link TaskDefinitions#parse} accepts it; throws if it is refused. */
  public TaskDefinition parsed() {
    return TaskDefinitions.parse(bytes());
  }
}
