package dev.taskrunner.core.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the fields that make a task wait: {@code resources}, {@code after} and {@code afterAny}.
 * Every refusal names the field (down to the list element) and says why.
 */
final class WaitFields {
  /** More dependencies than this in one task is a mistake, not a plan. */
  static final int MAX_AFTER = 64;

  private WaitFields() {}

  static Resources resources(Object value) {
    if (value == null) {
      return Resources.NONE;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidTaskException("resources", "must be an object {\"exclusive\": [names], \"shared\": [names]}");
    }
    for (Object key : map.keySet()) {
      if (!"exclusive".equals(key) && !"shared".equals(key)) {
        throw new InvalidTaskException("resources." + key, "unknown field; allowed: exclusive, shared");
      }
    }
    Resources r = new Resources(names("resources.exclusive", map.get("exclusive")), names("resources.shared", map.get("shared")));
    check(r, "resources");
    return r;
  }

  /** The rules both lists together obey: no name both shared and exclusive, at most {@link Resources#MAX}. */
  static void check(Resources r, String field) {
    for (String name : r.shared()) {
      if (r.exclusive().contains(name)) {
        throw new InvalidTaskException(field, "'" + name + "' is both exclusive and shared; a task takes a resource one way");
      }
    }
    if (r.exclusive().size() + r.shared().size() > Resources.MAX) {
      throw new InvalidTaskException(field, "at most " + Resources.MAX + " resources per task");
    }
  }

  private static List<String> names(String field, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidTaskException(field, "must be a list of resource names");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object name = list.get(i);
      if (!(name instanceof String s) || !Resources.isName(s)) {
        throw new InvalidTaskException(field + "[" + i + "]", "a resource name must match " + Resources.NAME_RULE);
      }
      if (names.contains(s)) {
        throw new InvalidTaskException(field + "[" + i + "]", "'" + s + "' is listed twice");
      }
      names.add(s);
    }
    return names;
  }

  static List<String> after(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidTaskException("after", "must be a list of task ids");
    }
    if (list.size() > MAX_AFTER) {
      throw new InvalidTaskException("after", "at most " + MAX_AFTER + " task ids");
    }
    Set<String> seen = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String id) || !TaskDefinitions.isId(id)) {
        throw new InvalidTaskException("after[" + i + "]", "a task id must match " + TaskDefinitions.ID_RULE);
      }
      if (!seen.add(id)) {
        throw new InvalidTaskException("after[" + i + "]", "'" + id + "' is listed twice");
      }
      ids.add(id);
    }
    return ids;
  }

  static boolean afterAny(Object value, List<String> after) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidTaskException("afterAny", "must be true or false");
    }
    if (b && after.isEmpty()) {
      throw new InvalidTaskException("afterAny", "needs a non-empty 'after' list");
    }
    return b;
  }
}
