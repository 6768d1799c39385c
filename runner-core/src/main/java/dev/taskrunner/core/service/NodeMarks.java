package dev.taskrunner.core.service;

import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.process.RunnerIdentity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the node records of a task beside the runner's status, in {@code node.json}, a file the
 * task's processes do not touch: its place in creation order, when it was accepted, when a runner
 * was launched for it (written before the launch, so a restarted node never launches it again),
 * the runner's identity as the kernel gave it at launch (the only pid the node ever signals), and
 * when a stop was asked.
 */
record NodeMarks(long seq, Instant acceptedAt, Instant launchedAt, Instant stopRequestedAt, RunnerIdentity runner) {

  NodeMarks(long seq, Instant acceptedAt, Instant launchedAt, Instant stopRequestedAt) {
    this(seq, acceptedAt, launchedAt, stopRequestedAt, null);
  }

  NodeMarks withSeq(long value) {
    return new NodeMarks(value, acceptedAt, launchedAt, stopRequestedAt, runner);
  }

  NodeMarks launched(Instant at) {
    return new NodeMarks(seq, acceptedAt, at, stopRequestedAt, runner);
  }

  NodeMarks withRunner(RunnerIdentity identity) {
    return new NodeMarks(seq, acceptedAt, launchedAt, stopRequestedAt, identity);
  }

  NodeMarks stopRequested(Instant at) {
    return new NodeMarks(seq, acceptedAt, launchedAt, at, runner);
  }

  byte[] toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1L);
    doc.put("seq", seq);
    doc.put("acceptedAt", text(acceptedAt));
    doc.put("launchedAt", text(launchedAt));
    doc.put("stopRequestedAt", text(stopRequestedAt));
    if (runner != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("pid", runner.pid());
      r.put("startTicks", runner.startTicks());
      r.put("bootId", runner.bootId());
      doc.put("runner", r);
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
        instant(m.get("stopRequestedAt")), runner(m.get("runner")));
  }

  private static RunnerIdentity runner(Object value) {
    if (!(value instanceof Map<?, ?> r) || !(r.get("pid") instanceof Long pid) || !(r.get("startTicks") instanceof Long ticks)
        || !(r.get("bootId") instanceof String boot)) {
      return null;
    }
    return new RunnerIdentity(pid, ticks, boot);
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static Instant instant(Object value) {
    return value == null ? null : Instants.parse((String) value);
  }
}
