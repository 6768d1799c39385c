package dev.taskrunner.api.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of {@link WaitsScenario}, in submission order, each with what it takes, what it runs
 * after, and how it must end. Contention: {@link #CONTENDERS} short tasks on three resources, about
 * half exclusive, some taking two at once. Dependencies: a chain, a fan-out and fan-in, a failure
 * that cancels its dependents (and theirs), an {@code afterAny} that runs anyway, and a stopped
 * dependency. Every task's command appends {@code start NANOS} and {@code end NANOS} to its own
 * marker file outside the work root, so the checks count what the kernel ran, not what the node says.
 */
final class WaitPlan {
  static final int CONTENDERS = 50;
  /** The task the scenario stops; the one after it must be canceled. */
  static final String STOPPED = "s0";

  /** One task: {@code reason} is the expected reason of a canceled one (which never starts), null for one that runs. */
  record Task(String name, List<String> exclusive, List<String> shared, List<String> after, boolean afterAny,
      String command, String reason) {
    boolean runs() {
      return reason == null && !name.equals(STOPPED);
    }
  }

  final List<Task> tasks = new ArrayList<>();

  WaitPlan() {
    for (int i = 0; i < CONTENDERS; i++) {
      String own = "r" + i % 3;
      boolean exclusive = i % 4 == 0 || i % 4 == 3;
      List<String> ex = new ArrayList<>(exclusive ? List.of(own) : List.of());
      List<String> sh = new ArrayList<>(exclusive ? List.of() : List.of(own));
      if (i % 5 == 0) {
        (i % 10 == 0 ? ex : sh).add("r" + (i + 1) % 3); // two resources, taken together or not at all
      }
      tasks.add(new Task("c" + i, ex, sh, List.of(), false, "sleep 0.3", null));
    }
    run("a0", List.of(), "sleep 0.2");
    run("a1", List.of("a0"), "sleep 0.2");
    run("a2", List.of("a1"), "sleep 0.2");
    run("a3", List.of("a2"), "sleep 0.2");
    run("b0", List.of(), "sleep 0.3");
    run("b1", List.of("b0"), "sleep 0.3");
    run("b2", List.of("b0"), "sleep 0.3");
    run("b3", List.of("b0"), "sleep 0.3");
    run("b4", List.of("b1", "b2", "b3"), "true");
    run("f0", List.of(), "false");
    tasks.add(new Task("f1", List.of(), List.of(), List.of("f0"), false, "true", "dependency %sf0 failed"));
    tasks.add(new Task("f2", List.of(), List.of(), List.of("f1"), false, "true", "dependency %sf1 was canceled"));
    tasks.add(new Task("f3", List.of(), List.of(), List.of("f0", "a0"), true, "true", null));
    run(STOPPED, List.of(), "sleep 120");
    tasks.add(new Task("s1", List.of(), List.of(), List.of(STOPPED), false, "true", "dependency %s" + STOPPED + " was canceled"));
  }

  private void run(String name, List<String> after, String command) {
    tasks.add(new Task(name, List.of(), List.of(), after, false, command, null));
  }

  /** The definition sent for {@code t}, the same on every resubmission (an idempotent repeat). */
  static String definition(String prefix, Task t, Path markers) {
    String marker = "'" + markers.resolve(prefix + t.name()) + "'";
    String command = "echo start $(date +%s%N) >> " + marker + "; " + t.command() + "; code=$?; echo end $(date +%s%N) >> "
        + marker + "; exit $code";
    return "{\"id\":\"" + prefix + t.name() + "\",\"machine\":\"exec\",\"parameters\":{\"command\":\"" + command
        + "\",\"shell\":true},\"resources\":{\"exclusive\":" + names("", t.exclusive()) + ",\"shared\":"
        + names("", t.shared()) + "},\"after\":" + names(prefix, t.after()) + ",\"afterAny\":" + t.afterAny() + "}";
  }

  private static String names(String prefix, List<String> names) {
    return names.stream().map(n -> "\"" + prefix + n + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }
}
