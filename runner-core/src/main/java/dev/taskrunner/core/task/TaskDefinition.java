package dev.taskrunner.core.task;

import dev.taskrunner.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task as accepted: what runs it ({@code machine}), what it is given ({@code parameters},
 * opaque here and validated by the machine), and the optional {@code id}, {@code name} and
 * {@code timeoutSeconds}, and what it waits for before it starts: the {@code resources} it takes
 * (an echo script's {@code USE} lines included) and the tasks it runs {@code after} (each must
 * succeed, or just end with {@code afterAny}). Instances come from {@link TaskDefinitions#parse},
 * so they are valid.
 *
 * <p>{@code parameters} holds plain JSON values (see {@link Json}); treat it as read-only.
 */
public record TaskDefinition(String machine, Object parameters, String id, String name, Long timeoutSeconds,
    Resources resources, List<String> after, boolean afterAny) {

  public TaskDefinition {
    Objects.requireNonNull(machine, "machine");
    resources = resources == null ? Resources.NONE : resources;
    after = after == null ? List.of() : List.copyOf(after);
  }

  /** A definition that waits for nothing. */
  public TaskDefinition(String machine, Object parameters, String id, String name, Long timeoutSeconds) {
    this(machine, parameters, id, name, timeoutSeconds, Resources.NONE, List.of(), false);
  }

  /** The same definition under another id (the node assigns one when the client gave none). */
  public TaskDefinition withId(String newId) {
    return new TaskDefinition(machine, parameters, newId, name, timeoutSeconds, resources, after, afterAny);
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
    if (!resources.isEmpty()) {
      map.put("resources", resources.toJsonMap());
    }
    if (!after.isEmpty()) {
      map.put("after", after);
      map.put("afterAny", afterAny);
    }
    return map;
  }

  public byte[] toJson() {
    return Json.toBytes(toJsonMap());
  }

  /** What a node keeps of it in memory. */
  public TaskSummary summary() {
    return new TaskSummary(machine, name, timeoutSeconds, resources, after, afterAny);
  }

  /** Same task apart from the id: what decides whether a repeated submission is idempotent. */
  public boolean sameWorkAs(TaskDefinition other) {
    return machine.equals(other.machine)
        && Objects.equals(parameters, other.parameters)
        && Objects.equals(name, other.name)
        && Objects.equals(timeoutSeconds, other.timeoutSeconds)
        && resources.equals(other.resources)
        && after.equals(other.after)
        && afterAny == other.afterAny;
  }
}
