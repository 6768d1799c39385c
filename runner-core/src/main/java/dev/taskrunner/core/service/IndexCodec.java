package dev.taskrunner.core.service;

import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.env.slurm.SlurmJob;
import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.Resources;
import dev.taskrunner.core.task.TaskSummary;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link FinishedIndex}'s binary form of a node record and a status: what their JSON files
 * parse to, field by field, read back without a JSON parser (a restart reads ten thousand of each).
 * Written through a {@link DataOutputStream}, read from a {@link ByteBuffer} (same big-endian
 * form; no stream and no lock per field). A read past the end throws
 * {@link java.nio.BufferUnderflowException}. Every field of {@link NodeMarks} and {@link TaskStatus} is written; a round trip gives an equal
 * record ({@code IndexCodecTest}).
 */
final class IndexCodec {
  private static final int MAX_STRING_BYTES = 64 * 1024;

  private IndexCodec() {}

  static void writeMarks(DataOutputStream out, NodeMarks m) throws IOException {
    out.writeLong(m.seq());
    writeInstant(out, m.acceptedAt());
    writeInstant(out, m.launchedAt());
    writeInstant(out, m.stopRequestedAt());
    writeRunner(out, m.runner());
    TaskSummary s = m.summary();
    out.writeBoolean(s != null);
    if (s != null) {
      writeString(out, s.machine());
      writeString(out, s.name());
      out.writeBoolean(s.timeoutSeconds() != null);
      if (s.timeoutSeconds() != null) {
        out.writeLong(s.timeoutSeconds());
      }
      writeStrings(out, s.resources().exclusive());
      writeStrings(out, s.resources().shared());
      writeStrings(out, s.after());
      out.writeBoolean(s.afterAny());
    }
  }

  static NodeMarks readMarks(ByteBuffer in) throws IOException {
    long seq = in.getLong();
    Instant accepted = readInstant(in);
    Instant launched = readInstant(in);
    Instant stopRequested = readInstant(in);
    RunnerRecord runner = readRunner(in);
    TaskSummary summary = null;
    if (readBoolean(in)) {
      String machine = readString(in);
      String name = readString(in);
      Long timeout = readBoolean(in) ? in.getLong() : null;
      Resources resources = new Resources(readStrings(in), readStrings(in));
      summary = new TaskSummary(machine, name, timeout, resources, readStrings(in), readBoolean(in));
    }
    return new NodeMarks(seq, accepted, launched, stopRequested, runner, summary);
  }

  static void writeStatus(DataOutputStream out, TaskStatus s) throws IOException {
    out.writeInt(s.version());
    writeString(out, s.taskId());
    out.writeLong(s.pid());
    writeInstant(out, s.pidStartedAt());
    writeString(out, s.host());
    writeInstant(out, s.startedAt());
    writeInstant(out, s.updatedAt());
    writeInstant(out, s.finishedAt());
    writeInteger(out, s.exitCode());
    writeString(out, s.outcome() == null ? null : s.outcome().json());
    writeString(out, s.reason());
    writeInteger(out, s.signal());
  }

  static TaskStatus readStatus(ByteBuffer in) throws IOException {
    int version = in.getInt();
    String taskId = readString(in);
    long pid = in.getLong();
    Instant pidStartedAt = readInstant(in);
    String host = readString(in);
    Instant started = readInstant(in);
    Instant updated = readInstant(in);
    Instant finished = readInstant(in);
    Integer exitCode = readInteger(in);
    String outcome = readString(in);
    return new TaskStatus(version, taskId, pid, pidStartedAt, host, started, updated, finished, exitCode,
        outcome == null ? null : Outcome.fromJson(outcome), readString(in), readInteger(in));
  }

  /** A runner record of a kind this codec does not know cannot be indexed. */
  private static void writeRunner(DataOutputStream out, RunnerRecord runner) throws IOException {
    if (runner == null) {
      out.writeByte(0);
    } else if (runner instanceof RunnerIdentity r) {
      out.writeByte(1);
      out.writeLong(r.pid());
      out.writeLong(r.startTicks());
      writeString(out, r.bootId());
    } else if (runner instanceof SlurmJob j) {
      out.writeByte(2);
      writeString(out, j.jobId());
    } else {
      throw new IOException("a runner record of another kind: " + runner.getClass().getName());
    }
  }

  private static RunnerRecord readRunner(ByteBuffer in) throws IOException {
    int kind = in.get();
    return switch (kind) {
      case 0 -> null;
      case 1 -> new RunnerIdentity(in.getLong(), in.getLong(), readString(in));
      case 2 -> new SlurmJob(readString(in));
      default -> throw new IOException("a runner record of kind " + kind);
    };
  }

  private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
    out.writeBoolean(at != null);
    if (at != null) {
      out.writeLong(at.getEpochSecond());
      out.writeInt(at.getNano());
    }
  }

  private static Instant readInstant(ByteBuffer in) {
    return readBoolean(in) ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
  }

  private static void writeInteger(DataOutputStream out, Integer value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeInt(value);
    }
  }

  private static Integer readInteger(ByteBuffer in) {
    return readBoolean(in) ? in.getInt() : null;
  }

  /** As {@link DataOutputStream#writeBoolean} wrote it: any byte but 0 is true. */
  static boolean readBoolean(ByteBuffer in) {
    return in.get() != 0;
  }

  /** UTF-8 with its length, -1 for null (not writeUTF: its modified UTF-8 stops at 64 KB). */
  static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(ByteBuffer in) throws IOException {
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > MAX_STRING_BYTES || length > in.remaining()) {
      throw new IOException("a string of " + length + " bytes");
    }
    int at = in.position();
    in.position(at + length);
    return new String(in.array(), in.arrayOffset() + at, length, StandardCharsets.UTF_8);
  }

  private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      writeString(out, value);
    }
  }

  private static List<String> readStrings(ByteBuffer in) throws IOException {
    int size = in.getInt();
    if (size < 0 || size > 4096) {
      throw new IOException("a list of " + size);
    }
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(readString(in));
    }
    return List.copyOf(values);
  }
}
