package dev.taskrunner.core.status;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.json.JsonSyntaxException;
import dev.taskrunner.core.layout.TaskFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code status.json} in a task directory. Writes go to a temporary file in the same directory,
 * then an atomic rename over the old file, so a reader sees the old record or the new one and
 * never a torn one. A durable write also forces the file and the directory entry to disk, for the
 * records a crash must not lose (the final one).
 */
public final class StatusFile {
  /** A status is a few hundred bytes; a larger file is not one (and is not read into memory). */
  private static final int MAX_BYTES = 64 * 1024;
  private final Path file;

  public StatusFile(Path taskDirectory) {
    this.file = new TaskFiles(taskDirectory).status();
  }

  public Path path() {
    return file;
  }

  public void write(TaskStatus status, boolean durable) {
    AtomicFiles.write(file, serialize(status), durable);
  }

  /** Reads the status; never throws for a missing or malformed file. */
  public StatusRead read() {
    byte[] bytes;
    try {
      bytes = TaskFiles.readRegular(file, MAX_BYTES);
    } catch (NoSuchFileException e) {
      return new StatusRead.Missing();
    } catch (IOException e) {
      return new StatusRead.Corrupt("cannot read " + file + ": " + e.getMessage());
    }
    return of(bytes);
  }

  /** What a status file's bytes hold: a status, or why they are not one. */
  public static StatusRead of(byte[] bytes) {
    try {
      return new StatusRead.Present(parse(bytes));
    } catch (JsonSyntaxException | IllegalArgumentException | ClassCastException | DateTimeParseException e) {
      return new StatusRead.Corrupt("not a valid status file: " + e.getMessage());
    }
  }

  static byte[] serialize(TaskStatus s) {
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static TaskStatus parse(byte[] bytes) {
    Object doc = Json.parse(bytes);
    if (!(doc instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<?, ?> m = (Map<?, ?>) doc;
    Object taskId = m.get("taskId");
    if (!(taskId instanceof String)) {
      throw new IllegalArgumentException("taskId is required");
    }
    Object version = m.get("version");
    Object exitCode = m.get("exitCode");
    Object outcome = m.get("outcome");
    Object signal = m.get("signal");
    return new TaskStatus(
        version == null ? 1 : ((Long) version).intValue(),
        (String) taskId,
        m.get("pid") == null ? 0 : (Long) m.get("pid"),
        instant(m, "pidStartedAt"),
        (String) m.get("host"),
        instant(m, "startedAt"),
        instant(m, "updatedAt"),
        instant(m, "finishedAt"),
        exitCode == null ? null : ((Long) exitCode).intValue(),
        outcome == null ? null : Outcome.fromJson((String) outcome),
        (String) m.get("reason"),
        signal == null ? null : ((Long) signal).intValue());
  }

  private static Instant instant(Map<?, ?> m, String field) {
    Object value = m.get(field);
    return value == null ? null : Instants.parse((String) value);
  }

  private static void writeInstant(JsonGenerator g, String field, Instant value) throws IOException {
    g.writeStringField(field, value == null ? null : Instants.format(value));
  }
}
