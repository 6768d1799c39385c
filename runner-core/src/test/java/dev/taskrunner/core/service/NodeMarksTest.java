package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.task.TaskSummary;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeMarksTest {
  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void everythingTheNodeRecordsComesBack() {
    NodeMarks marks = new NodeMarks(7, T, T.plusSeconds(1), T.plusSeconds(2), new RunnerIdentity(4242, 123456, "boot"),
        new TaskSummary("exec", "nightly", 60L));
    assertEquals(marks, NodeMarks.parse(marks.toJson()));
  }

  @Test
  void aRecordFromBeforeSummariesAndIdentitiesHasNeither() {
    NodeMarks old = NodeMarks.parse("{\"version\":1,\"seq\":3,\"acceptedAt\":\"2026-11-30T10:00:00Z\",\"launchedAt\":null}"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(3, old.seq());
    assertNull(old.summary());
    assertNull(old.runner());
  }

  @Test
  void aRunnerRecordMissingAFieldIsNoIdentity() {
    NodeMarks marks = NodeMarks.parse(("{\"seq\":3,\"acceptedAt\":\"2026-11-30T10:00:00Z\",\"runner\":{\"pid\":4242}}")
        .getBytes(StandardCharsets.UTF_8));
    assertNull(marks.runner());
  }

  @Test
  void aSlurmJobIsRecordedByItsIdAndAForgedOneIsNoRecord() {
    NodeMarks marks = new NodeMarks(7, T, T, null, new dev.taskrunner.core.env.slurm.SlurmJob("17"));
    assertEquals(marks, NodeMarks.parse(marks.toJson()));
    assertEquals(true, new String(marks.toJson(), StandardCharsets.UTF_8).contains("\"runner\":{\"slurmJobId\":\"17\"}"));
    assertNull(NodeMarks.parse(("{\"seq\":3,\"acceptedAt\":\"2026-11-30T10:00:00Z\",\"runner\":{\"slurmJobId\":\"1;x\"}}")
        .getBytes(StandardCharsets.UTF_8)).runner());
  }
}
