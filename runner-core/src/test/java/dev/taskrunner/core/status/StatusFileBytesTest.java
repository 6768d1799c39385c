package dev.taskrunner.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status.json is written byte for byte as Jackson's generator wrote it before. */
class StatusFileBytesTest {
  private static final Instant T = Instant.parse("2026-11-24T10:00:00.512345678Z");

  @Test
  void everyKindOfRecordIsWrittenAsJacksonWroteIt() throws IOException {
    List<TaskStatus> records = new ArrayList<>();
    TaskStatus started = TaskStatus.started("nightly-1", 4242, Instant.parse("2026-11-24T10:00:00.120Z"), "node-1", T);
    records.add(started);
    records.add(started.heartbeat(T.plusSeconds(2)));
    records.add(TaskStatus.started("t", 1, null, null, Instant.EPOCH));
    records.add(new TaskStatus(1, "t1", 7, null, null, T, null, null, null, null, null, null));
    for (Outcome outcome : Outcome.values()) {
      for (String reason : new String[] {null, "", "disk on fire", "quote \" backslash \\ tab \t nl \n ctl \u0001 é ✓ \uD83D\uDE00 \uD800"}) {
        records.add(started.finish(T.plusSeconds(9), outcome == Outcome.FAILED ? 3 : 0, outcome, reason));
        records.add(started.finish(T.plusMillis(9), null, outcome, reason, 9));
        records.add(started.finish(T.plusNanos(9_000), -1, outcome, reason, null));
      }
    }
    records.add(new TaskStatus(7, "x", Long.MAX_VALUE, Instant.MAX, "h\u0000st", Instant.MIN, T, T, Integer.MIN_VALUE,
        Outcome.ERROR, "r", Integer.MAX_VALUE));
    for (TaskStatus status : records) {
      assertEquals(new String(withJackson(status), StandardCharsets.ISO_8859_1),
          new String(StatusFile.serialize(status), StandardCharsets.ISO_8859_1), status.toString());
    }
  }

  /** The writer StatusFile used before it wrote by hand. */
  private static byte[] withJackson(TaskStatus s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(320);
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", s.version());
      g.writeStringField("taskId", s.taskId());
      g.writeNumberField("pid", s.pid());
      writeInstant(g, "pidStartedAt", s.pidStartedAt());
      g.writeStringField("host", s.host());
      writeInstant(g, "startedAt", s.startedAt());
      writeInstant(g, "updatedAt", s.updatedAt());
      writeInstant(g, "finishedAt", s.finishedAt());
      g.writeFieldName("exitCode");
      if (s.exitCode() == null) {
        g.writeNull();
      } else {
        g.writeNumber(s.exitCode());
      }
      g.writeStringField("outcome", s.outcome() == null ? null : s.outcome().json());
      g.writeStringField("reason", s.reason());
      if (s.signal() != null) {
        g.writeNumberField("signal", s.signal());
      }
      g.writeEndObject();
      g.writeRaw('\n');
    }
    return out.toByteArray();
  }

  private static void writeInstant(JsonGenerator g, String field, Instant value) throws IOException {
    g.writeStringField(field, value == null ? null : Instants.format(value));
  }
}
