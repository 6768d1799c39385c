package dev.taskrunner.core.service;

import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the node records of a task beside the runner's status, in {@code node.json}: its place in
 * creation order, when it was accepted, when a runner was launched for it (written before the
 * launch, so a restarted node never launches it again), and when a stop was asked.
 */
record NodeMarks(long seq, Instant acceptedAt, Instant launchedAt, Instant stopRequestedAt) {

  NodeMarks withSeq(long value) {
    return new NodeMarks(value, acceptedAt, launchedAt, stopRequestedAt);
  }

  NodeMarks launched(Instant at) {
    return new NodeMarks(seq, acceptedAt, at, stopRequestedAt);
  }

  NodeMarks stopRequested(Instant at) {
    return new NodeMarks(seq, acceptedAt, launchedAt, at);
  }

  byte[] toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1L);
    doc.put("seq", seq);
    doc.put("acceptedAt", text(acceptedAt));
    doc.put("launchedAt", text(launchedAt));
    doc.put("stopRequestedAt", text(stopRequestedAt));
    return Json.toBytes(doc);
  }

  static NodeMarks parse(byte[] json) {
    Object doc = Json.parse(json);
    if (!(doc instanceof Map) || !(((Map<?, ?>) doc).get("seq") instanceof Long)) {
      throw new IllegalArgumentException("node.json: not a node record");
    }
    Map<?, ?> m = (Map<?, ?>) doc;
    return new NodeMarks((Long) m.get("seq"), instant(m.get("acceptedAt")), instant(m.get("launchedAt")),
        instant(m.get("stopRequestedAt")));
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static Instant instant(Object value) {
    return value == null ? null : Instants.parse((String) value);
  }
}
