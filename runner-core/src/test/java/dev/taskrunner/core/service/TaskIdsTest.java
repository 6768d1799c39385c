package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.task.TaskDefinitions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskIdsTest {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  @Test
  void idsReadAsTheUtcTimeToTheMillisecondThenACounter() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00.120Z"));
    TaskIds ids = new TaskIds(clock);
    assertEquals("20261124-100000-120-0001", ids.next());
    assertEquals("20261124-100000-120-0002", ids.next());
  }

  @Test
  void matchesTheFormatterOnRandomInstants() {
    Random random = new Random(13);
    MutableClock clock = new MutableClock(Instant.EPOCH);
    TaskIds ids = new TaskIds(clock);
    for (int i = 1; i <= 20_000; i++) {
      Instant at = Instant.ofEpochMilli((long) (random.nextDouble() * 253_402_300_799_000L)); // up to 9999-12-31
      clock.set(at);
      String id = ids.next();
      assertEquals(FORMAT.format(at) + String.format("-%04d", i % 10_000), id);
      assertTrue(TaskDefinitions.isId(id), id);
    }
  }
}
