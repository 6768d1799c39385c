package dev.taskrunner.core.task;

import dev.taskrunner.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task as accepted: what runs it ({@code machine}), what it is given ({@code parameters},
 * opaque here and validated by the machine), and the optional {@code id}, {@code name} and
 * {@code timeoutSeconds}. Instances come from {@link TaskDefinitions#parse}, so they are valid.
 *
 * <p>{@code parameters} holds plain JSON values (see {@link Json}); treat it as read-only.
 */
public record TaskDefinition(String machine, Object parameters, String id, String name, Long timeoutSeconds) {

  public TaskDefinition {
    Objects.requireNonNull(machine, "machine");
  }

  /** The same definition under another id (the node assigns one when the client gave none). */
  public TaskDefinition withId(String newId) {
    return new TaskDefinition(machine, parameters, newId, name, timeoutSeconds);
  }

  /** The definition as a JSON object, omitting absent optional fields; this is task.json. */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("machine", machine);
    map.put("parameters", parameters);
    if (id != null) {
      map.put("id", id);
    }
    if (name != null) {
      map.put("name", name);
    }
    if (timeoutSeconds != null) {
      map.put("timeoutSeconds", timeoutSeconds);
    }
    return map;
  }

  public byte[] toJson() {
    return Json.toBytes(toJsonMap());
  }

  /** What a node keeps of it in memory. */
  public TaskSummary summary() {
    return new TaskSummary(machine, name, timeoutSeconds);
  }

  /** Same task apart from the id: what decides whether a repeated submission is idempotent. */
  public boolean sameWorkAs(TaskDefinition other) {
    return machine.equals(other.machine)
        && Objects.equals(parameters, other.parameters)
        && Objects.equals(name, other.name)
        && Objects.equals(timeoutSeconds, other.timeoutSeconds);
  }
}
