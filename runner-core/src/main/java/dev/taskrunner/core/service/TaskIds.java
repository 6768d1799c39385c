package dev.taskrunner.core.service;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes ids for tasks submitted without one: UTC time to the millisecond then a counter,
 * {@code 20261124-100000-120-0007}, so they sort in creation order and read as a date.
 * Uniqueness is settled by the caller (the task directory is created exclusively).
 */
final class TaskIds {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
  private final Clock clock;
  private final AtomicLong counter = new AtomicLong();

  TaskIds(Clock clock) {
    this.clock = clock;
  }

  String next() {
    return FORMAT.format(clock.instant()) + String.format("-%04d", counter.incrementAndGet() % 10_000);
  }
}
