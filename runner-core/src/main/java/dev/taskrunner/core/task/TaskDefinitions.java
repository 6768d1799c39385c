package dev.taskrunner.core.task;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.json.JsonSyntaxException;
import dev.taskrunner.core.machine.Machine;
import dev.taskrunner.core.machine.Machines;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates task definitions (DESIGN.md, "Task definition"). Every refusal is an
 * {@link InvalidTaskException} naming the field and the reason; the machine named by
 * {@code machine} validates {@code parameters}.
 */
public final class TaskDefinitions implements TaskIdPattern {
  /** Ids become directory names, so the alphabet is strict: {@link #isId} checks it. */
  public static final String ID_RULE = "[A-Za-z0-9_-]{1,64}";
  /**
   * The largest definition, in bytes, a node accepts by default (its {@code maxBodyBytes}) and the
   * CLI reads from a task file: far above any real definition, small enough to hold in memory.
   */
  public static final int MAX_DEFINITION_BYTES = 1024 * 1024;
  static final int MAX_NAME_LENGTH = 200;
  /** Ten years: long enough for any task, small enough to never overflow arithmetic on it. */
  static final long MAX_TIMEOUT_SECONDS = 315_360_000L;
  private static final Set<String> FIELDS = Set.of("machine", "parameters", "id", "name", "timeoutSeconds", "resources",
      "after", "afterAny");

  private TaskDefinitions() {}

  public static TaskDefinition parse(byte[] json) {
    return parse(json, Machines.installed());
  }

  public static TaskDefinition parse(byte[] json, Machines machines) {
    return fromJson(document(json), machines);
  }

  /**
   * A definition this node accepted before (a {@code task.json} read at a restart): its fields are
   * checked as at submission, but its parameters are not checked by its machine again. That is
   * faster, and a machine whose jar was removed since does not make its old tasks unreadable (a
   * runner started for one reports the unknown machine as the task's error).
   */
  public static TaskDefinition parseAccepted(byte[] json) {
    return fromJson(document(json), null);
  }

  private static Object document(byte[] json) {
    try {
      return Json.parse(json);
    } catch (JsonSyntaxException e) {
      throw new InvalidTaskException("", "not valid JSON: " + e.getMessage());
    }
  }

  /**
   * Validates a parsed document (as {@link Json#parse} returns it).
   *
   * @param machines the machines that may run it, which check its parameters; {@code null} to
   *     take any machine name and any parameters
   */
  public static TaskDefinition fromJson(Object doc, Machines machines) {
    if (!(doc instanceof Map)) {
      throw new InvalidTaskException("", "a task definition must be a JSON object");
    }
    Map<?, ?> map = (Map<?, ?>) doc;
    for (Object key : map.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new InvalidTaskException(String.valueOf(key), "unknown field; allowed: machine, parameters, id, name, timeoutSeconds, resources, after, afterAny");
      }
    }
    String machineName = requiredString(map, "machine");
    Machine machine = machines == null ? null : machines.find(machineName).orElse(null);
    if (machines != null && machine == null) { // no orElseThrow(lambda): a runner's first lambda costs it ~4 ms
      throw new InvalidTaskException("machine", "unknown machine '" + machineName + "'; installed: "
          + String.join(", ", machines.names()));
    }
    if (!map.containsKey("parameters") || map.get("parameters") == null) {
      throw new InvalidTaskException("parameters", "is required");
    }
    Object parameters = map.get("parameters");
    Resources resources = WaitFields.resources(map.get("resources"));
    if (machine != null) {
      // What the machine declares (an echo script's USE lines) is taken as if written in the field.
      Resources declared = machine.prepare(parameters).resources();
      resources = resources.with(declared);
      try {
        WaitFields.check(resources, "resources");
      } catch (InvalidTaskException e) {
        if (declared.isEmpty()) {
          throw e;
        }
        // The fault may be in a USE line: say so, the field stays the one the checks name.
        throw new InvalidTaskException("resources", e.getMessage().substring("resources: ".length())
            + " (counting the USE lines in parameters)");
      }
    }
    String id = optionalString(map, "id");
    if (id != null && !isId(id)) {
      throw new InvalidTaskException("id", "must match " + ID_RULE);
    }
    String name = optionalString(map, "name");
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      throw new InvalidTaskException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    List<String> after = WaitFields.after(map.get("after"));
    return new TaskDefinition(machineName, parameters, id, name, timeout(map.get("timeoutSeconds")), resources, after,
        WaitFields.afterAny(map.get("afterAny"), after));
  }

  /** True when {@code text} matches {@link #ID_RULE}; by hand, as no regex is on a runner's path. */
  public static boolean isId(String text) {
    int n = text.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static Long timeout(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Long || value instanceof BigInteger)) {
      throw new InvalidTaskException("timeoutSeconds", "must be a whole number of seconds");
    }
    if (value instanceof BigInteger || (Long) value < 1 || (Long) value > MAX_TIMEOUT_SECONDS) {
      throw new InvalidTaskException("timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS);
    }
    return (Long) value;
  }

  private static String requiredString(Map<?, ?> map, String field) {
    String value = optionalString(map, field);
    if (value == null || value.isBlank()) {
      throw new InvalidTaskException(field, "is required and must be a non-empty string");
    }
    return value;
  }

  private static String optionalString(Map<?, ?> map, String field) {
    Object value = map.get(field);
    if (value != null && !(value instanceof String)) {
      throw new InvalidTaskException(field, "must be a string");
    }
    return (String) value;
  }
}
