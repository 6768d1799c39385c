package dev.taskrunner.core.service;

import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.task.Resources;
import dev.taskrunner.core.task.TaskSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node records of a task beside the runner's status, in {@code node.json}, a file the
 * task's processes do not touch: its place in creation order, when it was accepted, when a runner
 * was launched for it (written before the launch, so a restarted node never launches it again),
 * the runner's record as its environment gave it at launch (the kernel's identity of a local runner,
 * the only pid the node ever signals; a Slurm job), and when a stop was asked; and the few fields of
 * the definition the node keeps in memory (among them what the task waits for: its resources and the
 * tasks it runs after).
 */
record NodeMarks(long seq, Instant acceptedAt, Instant launchedAt, Instant stopRequestedAt, RunnerRecord runner,
    TaskSummary summary) {

  NodeMarks(long seq, Instant acceptedAt, Instant launchedAt, Instant stopRequestedAt) {
    this(seq, acceptedAt, launchedAt, stopRequestedAt, null, null);
  }

  NodeMarks(long seq, Instant acceptedAt, Instant launchedAt, Instant stopRequestedAt, RunnerRecord runner) {
    this(seq, acceptedAt, launchedAt, stopRequestedAt, runner, null);
  }

  NodeMarks withSeq(long value) {
    return new NodeMarks(value, acceptedAt, launchedAt, stopRequestedAt, runner, summary);
  }

  NodeMarks launched(Instant at) {
    return new NodeMarks(seq, acceptedAt, at, stopRequestedAt, runner, summary);
  }

  /** As before its launch: no launch time, no runner. */
  NodeMarks unlaunched() {
    return new NodeMarks(seq, acceptedAt, null, stopRequestedAt, null, summary);
  }

  NodeMarks withRunner(RunnerRecord identity) {
    return new NodeMarks(seq, acceptedAt, launchedAt, stopRequestedAt, identity, summary);
  }

  NodeMarks stopRequested(Instant at) {
    return new NodeMarks(seq, acceptedAt, launchedAt, at, runner, summary);
  }

  /**
   * With the few fields of the definition the views show, so a restart reads this small file and
   * not a {@code task.json} that may be a megabyte.
   */
  NodeMarks withSummary(TaskSummary value) {
    return new NodeMarks(seq, acceptedAt, launchedAt, stopRequestedAt, runner, value);
  }

  byte[] toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1L);
    doc.put("seq", seq);
    doc.put("acceptedAt", text(acceptedAt));
    doc.put("launchedAt", text(launchedAt));
    doc.put("stopRequestedAt", text(stopRequestedAt));
    if (summary != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("machine", summary.machine());
      t.put("name", summary.name());
      t.put("timeoutSeconds", summary.timeoutSeconds());
      if (!summary.resources().isEmpty()) {
        t.put("resources", summary.resources().toJsonMap());
      }
      if (!summary.after().isEmpty()) {
        t.put("after", summary.after());
        t.put("afterAny", summary.afterAny());
      }
      doc.put("task", t);
    }
    if (runner != null) {
      doc.put("runner", runner.toJson());
    }
    return Json.toBytes(doc);
  }

  static NodeMarks parse(byte[] json) {
    Object doc = Json.parse(json);
    if (!(doc instanceof Map) || !(((Map<?, ?>) doc).get("seq") instanceof Long)) {
      throw new IllegalArgumentException("node.json: not a node record");
    }
    Map<?, ?> m = (Map<?, ?>) doc;
    return new NodeMarks((Long) m.get("seq"), instant(m.get("acceptedAt")), instant(m.get("launchedAt")),
        instant(m.get("stopRequestedAt")), RunnerRecord.parse(m.get("runner")), summary(m.get("task")));
  }

  private static TaskSummary summary(Object value) {
    if (!(value instanceof Map<?, ?> t) || !(t.get("machine") instanceof String machine)) {
      return null; // a record from before summaries were kept: task.json is read instead
    }
    Object name = t.get("name");
    Object timeout = t.get("timeoutSeconds");
    Map<?, ?> resources = t.get("resources") instanceof Map<?, ?> r ? r : Map.of();
    return new TaskSummary(machine, name instanceof String n ? n : null, timeout instanceof Long l ? l : null,
        new Resources(strings(resources.get("exclusive")), strings(resources.get("shared"))), strings(t.get("after")),
        Boolean.TRUE.equals(t.get("afterAny")));
  }

  /** The node's own record: written from a checked definition, read back as it was. */
  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
        : List.of();
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static Instant instant(Object value) {
    return value == null ? null : Instants.parse((String) value);
  }
}
