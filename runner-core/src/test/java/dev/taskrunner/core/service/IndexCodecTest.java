package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskrunner.core.env.RunnerRecord;
import dev.taskrunner.core.env.slurm.SlurmJob;
import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.Resources;
import dev.taskrunner.core.task.TaskSummary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The index's binary form gives back, field by field, the node record and the status written. */
class IndexCodecTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00.123456789Z");

  @Test
  void aNodeRecordWithEveryFieldComesBackEqual() throws IOException {
    TaskSummary summary = new TaskSummary("exec", "nightly ü export", 3600L,
        new Resources(List.of("disk7"), List.of("lpar01", "lpar02")), List.of("a", "b"), true);
    for (RunnerRecord runner : new RunnerRecord[] {null, new RunnerIdentity(4242, 987654321L, "boot-1"), new SlurmJob("17")}) {
      NodeMarks marks = new NodeMarks(12, AT, AT.plusSeconds(1), AT.plusSeconds(2), runner, summary);
      assertEquals(marks, marksRoundTrip(marks));
    }
    NodeMarks bare = new NodeMarks(1, null, null, null, null, new TaskSummary("echo", null, null));
    assertEquals(bare, marksRoundTrip(bare));
    assertEquals(new NodeMarks(2, AT, null, null), marksRoundTrip(new NodeMarks(2, AT, null, null)));
  }

  @Test
  void aStatusWithEveryFieldComesBackEqual() throws IOException {
    TaskStatus full = new TaskStatus(1, "t-1", 4242, AT, "host", AT, AT.plusSeconds(5), AT.plusSeconds(5), 3,
        Outcome.FAILED, "cannot run /x: No such file — \"quoted\"", 9);
    assertEquals(full, statusRoundTrip(full));
    TaskStatus sparse = new TaskStatus(1, "t-2", 0, null, null, null, null, null, null, null, null, null);
    assertEquals(sparse, statusRoundTrip(sparse));
  }

  @Test
  void aRunnerRecordOfAnotherKindIsRefused() {
    RunnerRecord other = new RunnerRecord() {
      @Override
      public String describe() {
        return "other";
      }

      @Override
      public Map<String, Object> toJson() {
        return Map.of();
      }

      @Override
      public String cookie(String taskId) {
        return "c";
      }
    };
    assertThrows(IOException.class, () -> marksRoundTrip(new NodeMarks(1, AT, AT, null, other)));
  }

  private static NodeMarks marksRoundTrip(NodeMarks marks) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IndexCodec.writeMarks(new DataOutputStream(bytes), marks);
    return IndexCodec.readMarks(ByteBuffer.wrap(bytes.toByteArray()));
  }

  private static TaskStatus statusRoundTrip(TaskStatus status) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IndexCodec.writeStatus(new DataOutputStream(bytes), status);
    return IndexCodec.readStatus(ByteBuffer.wrap(bytes.toByteArray()));
  }
}
