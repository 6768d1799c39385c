package dev.taskrunner.core.status;

import dev.taskrunner.core.fs.AtomicFiles;
import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.json.JsonSyntaxException;
import dev.taskrunner.core.json.JsonText;
import dev.taskrunner.core.layout.TaskFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  /** One line of JSON, byte for byte as Jackson's generator wrote it before (see JsonText). */
  static byte[] serialize(TaskStatus s) {
    StringBuilder out = new StringBuilder(320);
    out.append("{\"version\":").append(s.version());
    JsonText.string(out.append(",\"taskId\":"), s.taskId());
    out.append(",\"pid\":").append(s.pid());
    JsonText.string(out.append(",\"pidStartedAt\":"), format(s.pidStartedAt()));
    JsonText.string(out.append(",\"host\":"), s.host());
    JsonText.string(out.append(",\"startedAt\":"), format(s.startedAt()));
    JsonText.string(out.append(",\"updatedAt\":"), format(s.updatedAt()));
    JsonText.string(out.append(",\"finishedAt\":"), format(s.finishedAt()));
    out.append(",\"exitCode\":").append(s.exitCode());
    JsonText.string(out.append(",\"outcome\":"), s.outcome() == null ? null : s.outcome().json());
    JsonText.string(out.append(",\"reason\":"), s.reason());
    if (s.signal() != null) {
      out.append(",\"signal\":").append(s.signal().intValue());
    }
    return out.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String format(Instant value) {
    return value == null ? null : Instants.format(value);
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
}
