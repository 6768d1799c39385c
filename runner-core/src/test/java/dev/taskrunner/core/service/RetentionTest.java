package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention forgets old and surplus finished tasks, and nothing else, as the clock moves. */
class RetentionTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  @TempDir Path workRoot;
  private final MutableClock clock = new MutableClock(T0);
  private LocalTaskService service;

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
  }

  private void finishedTask(String id, long seq, Instant finishedAt) throws Exception {
    Path dir = Files.createDirectories(workRoot.resolve(id));
    Files.writeString(dir.resolve("node.json"), "{\"seq\":" + seq + ",\"acceptedAt\":\"" + finishedAt.minusSeconds(60)
        + "\",\"launchedAt\":\"" + finishedAt.minusSeconds(60) + "\"}");
    Files.writeString(dir.resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"" + id + "\"}");
    new StatusFile(dir).write(TaskStatus.started(id, 42, finishedAt.minusSeconds(59), "h", finishedAt.minusSeconds(59))
        .finish(finishedAt, 0, Outcome.SUCCEEDED, null), false);
  }

  private void start(Retention retention) {
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder().retention(retention).limits(1 << 20, 0).build();
    service = new LocalTaskService(config, new FakeEnvironment(), clock);
    service.start();
  }

  private List<String> ids() {
    return service.list(null, 0, 100).stream().map(TaskView::taskId).toList();
  }

  @Test
  void finishedTasksOlderThanTheAgeAreArchivedAndEverythingElseStays() throws Exception {
    // GIVEN tasks finished 10 days, 2 days and 1 hour ago, and one still queued
    finishedTask("ten-days", 1, T0.minus(Duration.ofDays(10)));
    finishedTask("two-days", 2, T0.minus(Duration.ofDays(2)));
    finishedTask("an-hour", 3, T0.minus(Duration.ofHours(1)));
    start(new Retention(Duration.ofDays(7), 100, Duration.ofHours(1)));
    service.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"waiting\"}".getBytes());

    // WHEN retention runs now, and again after six days
    service.applyRetention();
    List<String> afterFirst = ids();
    clock.advance(Duration.ofDays(6));
    service.applyRetention();

    // THEN the ten-day-old task went first, the two-day-old one later, the rest stays
    assertEquals(List.of("two-days", "an-hour", "waiting"), afterFirst);
    assertEquals(List.of("an-hour", "waiting"), ids());
    assertFalse(Files.exists(workRoot.resolve("ten-days")));
    assertTrue(Files.exists(workRoot.resolve("an-hour").resolve("status.json")));
    try (var archived = Files.list(workRoot.resolve(WorkRoot.ARCHIVE))) {
      assertEquals(2, archived.count());
    }
  }

  @Test
  void pastTheCountTheOldestFinishedTasksGoFirst() throws Exception {
    for (int i = 1; i <= 5; i++) {
      finishedTask("t" + i, i, T0.minus(Duration.ofMinutes(10 - i)));
    }
    start(new Retention(Duration.ofDays(7), 3, Duration.ofHours(1)));

    service.applyRetention();

    assertEquals(List.of("t3", "t4", "t5"), ids());
  }

  @Test
  void archivedDirectoriesOlderThanTheAgeAreRemoved() throws Exception {
    finishedTask("old", 1, T0.minus(Duration.ofDays(1)));
    start(new Retention(Duration.ofDays(7), 100, Duration.ofHours(1)));
    service.delete("old");
    Path archive = workRoot.resolve(WorkRoot.ARCHIVE);
    Files.createDirectories(archive.resolve("not-ours")); // no time in its name: kept

    clock.advance(Duration.ofDays(6));
    service.applyRetention();
    try (var entries = Files.list(archive)) {
      assertEquals(2, entries.count(), "archived six days ago: still kept");
    }
    clock.advance(Duration.ofDays(2));
    service.applyRetention();

    try (var entries = Files.list(archive)) {
      assertEquals(List.of("not-ours"), entries.map(p -> p.getFileName().toString()).toList());
    }
  }
}
