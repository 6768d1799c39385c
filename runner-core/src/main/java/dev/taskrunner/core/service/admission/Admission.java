package dev.taskrunner.core.service.admission;

import dev.taskrunner.core.service.admission.Decision.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which queued tasks may start now, and why the others wait: a pure decision (no I/O, no clock)
 * from the queue in its order, the resources held and the dependencies' states.
 *
 * <ul>
 *   <li><b>All or nothing</b>: a task starts only when it can take every resource it names at once
 *       (shared beside shared, exclusive alone); it holds none while it waits, so no two tasks
 *       ever wait for each other (no deadlock).
 *   <li><b>First come, first served per resource</b>: a task that is ready (its dependencies
 *       satisfied) but blocked reserves its resources in its mode, and a later task whose mode
 *       conflicts with that reservation waits behind it. A stream of shared requests therefore
 *       never starves an exclusive one; a later task that conflicts with nobody may pass.
 *   <li><b>Dependencies</b>: a task waits until every task it runs after has ended; it is
 *       canceled as soon as one ended other than {@code succeeded}, unless {@code afterAny}. A task
 *       waiting for a dependency reserves nothing.
 *   <li><b>Slots</b>: at most {@code freeSlots} tasks start.
 * </ul>
 */
public final class Admission {
  private Admission() {}

  /**
   * Decides for the queue. Returns, keyed by task id in queue order, a decision for every task that
   * starts, is canceled, or waits for a resource or a dependency; a task absent from the answer
   * waits for a free slot only (so a pass over a long queue of plain tasks allocates nothing for them).
   *
   * @param queue the queued tasks, oldest first
   * @param holders the tasks that hold resources now
   * @param dependencies what is known of a task named in a queued task's {@code after} list
   * @param freeSlots how many more tasks may run now
   */
  public static Map<String, Decision> decide(Iterable<Claim> queue, Iterable<Holder> holders,
      BiFunction<Claim, String, Dependency> dependencies, int freeSlots) {
    Map<String, Decision> decisions = new LinkedHashMap<>();
    Map<String, Uses> uses = new HashMap<>();
    for (Holder h : holders) {
      h.resources().exclusive().forEach(n -> uses.computeIfAbsent(n, k -> new Uses()).hold(h.taskId(), true));
      h.resources().shared().forEach(n -> uses.computeIfAbsent(n, k -> new Uses()).hold(h.taskId(), false));
    }
    int slots = freeSlots;
    for (Claim c : queue) {
      if (c.isPlain()) {
        if (slots > 0) {
          slots--;
          decisions.put(c.taskId(), new Decision(c.taskId(), Kind.START, null));
        }
        continue;
      }
      Decision d = dependencyDecision(c, dependencies);
      if (d == null) {
        String blocked = blockedBy(c, uses);
        if (blocked != null) {
          reserve(c, uses);
          d = new Decision(c.taskId(), Kind.WAIT, blocked);
        } else if (slots > 0) {
          slots--;
          take(c, uses);
          d = new Decision(c.taskId(), Kind.START, null);
        }
      }
      if (d != null) {
        decisions.put(c.taskId(), d);
      }
    }
    return decisions;
  }

  /** Cancel or wait for a dependency; null when every dependency is satisfied. */
  private static Decision dependencyDecision(Claim c, BiFunction<Claim, String, Dependency> dependencies) {
    String pending = null;
    for (String id : c.after()) {
      Dependency dep = dependencies.apply(c, id);
      if (dep.ended() && !dep.succeeded() && !c.afterAny()) {
        return new Decision(c.taskId(), Kind.CANCEL, "dependency " + id + " " + dep.detail());
      }
      if (!dep.ended() && pending == null) {
        pending = "dependency " + id + " (" + dep.detail() + ")";
      }
    }
    return pending == null ? null : new Decision(c.taskId(), Kind.WAIT, pending);
  }

  /** Why {@code c} cannot take its resources now (the first conflict), or null when it can. */
  private static String blockedBy(Claim c, Map<String, Uses> uses) {
    for (String name : c.resources().exclusive()) {
      Uses u = uses.get(name);
      if (u != null && !u.freeFor(true)) {
        return u.why("exclusive " + name, true);
      }
    }
    for (String name : c.resources().shared()) {
      Uses u = uses.get(name);
      if (u != null && !u.freeFor(false)) {
        return u.why("shared " + name, false);
      }
    }
    return null;
  }

  private static void take(Claim c, Map<String, Uses> uses) {
    c.resources().exclusive().forEach(n -> uses.computeIfAbsent(n, k -> new Uses()).hold(c.taskId(), true));
    c.resources().shared().forEach(n -> uses.computeIfAbsent(n, k -> new Uses()).hold(c.taskId(), false));
  }

  private static void reserve(Claim c, Map<String, Uses> uses) {
    c.resources().exclusive().forEach(n -> uses.computeIfAbsent(n, k -> new Uses()).reserve(c.taskId(), true));
    c.resources().shared().forEach(n -> uses.computeIfAbsent(n, k -> new Uses()).reserve(c.taskId(), false));
  }

  /** One resource in one pass: who holds it, and the first earlier waiter of each mode. */
  private static final class Uses {
    final List<String> holders = new ArrayList<>();
    boolean heldExclusive;
    String reservedExclusive;
    String reservedShared;

    void hold(String taskId, boolean exclusive) {
      holders.add(taskId);
      heldExclusive |= exclusive;
    }

    void reserve(String taskId, boolean exclusive) {
      if (exclusive && reservedExclusive == null) {
        reservedExclusive = taskId;
      } else if (!exclusive && reservedShared == null) {
        reservedShared = taskId;
      }
    }

    boolean freeFor(boolean exclusive) {
      return exclusive ? holders.isEmpty() && reservedExclusive == null && reservedShared == null
          : !heldExclusive && reservedExclusive == null;
    }

    String why(String wanted, boolean exclusive) {
      if (exclusive ? !holders.isEmpty() : heldExclusive) {
        String more = holders.size() > 1 ? " and " + (holders.size() - 1) + " more" : "";
        return wanted + ", held by " + holders.get(0) + more;
      }
      String first = reservedExclusive != null ? reservedExclusive : reservedShared;
      return wanted + ", queued behind " + first;
    }
  }
}
