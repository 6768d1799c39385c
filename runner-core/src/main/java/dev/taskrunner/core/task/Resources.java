package dev.taskrunner.core.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources a task takes while it runs (field {@code resources} of a definition; an echo
 * script's {@code USE SHARED|EXCLUSIVE} lines add to it): a task starts only when it can take all
 * of them at once, {@code shared} ones beside other shared holders, {@code exclusive} ones alone.
 * Both lists are free of duplicates and never name the same resource (checked by
 * {@link TaskDefinitions}); empty lists, never null.
 */
public record Resources(List<String> exclusive, List<String> shared) {
  /** Resource names: a word an operator can type and a log line can show unquoted; {@link #isName} checks it. */
  public static final String NAME_RULE = "[A-Za-z0-9_.:-]{1,64}";
  /** More than this many resources in one task is a mistake, not a plan. */
  public static final int MAX = 32;
  public static final Resources NONE = new Resources(List.of(), List.of());

  public Resources {
    exclusive = List.copyOf(exclusive);
    shared = List.copyOf(shared);
  }

  public boolean isEmpty() {
    return exclusive.isEmpty() && shared.isEmpty();
  }

  /** True when {@code text} matches {@link #NAME_RULE}; by hand, as no regex is on a runner's path. */
  public static boolean isName(String text) {
    int n = text.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** These and {@code more}, each name once, in order of first appearance. */
  public Resources with(Resources more) {
    return new Resources(union(exclusive, more.exclusive), union(shared, more.shared));
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    for (String name : b) { // no stream: see EchoScript.checkPlacement
      if (!all.contains(name)) {
        all.add(name);
      }
    }
    return all;
  }

  /** {@code {"exclusive": [...], "shared": [...]}}, as a definition writes it. */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("exclusive", exclusive);
    map.put("shared", shared);
    return map;
  }
}
