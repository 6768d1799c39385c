package dev.taskrunner.core.service;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes ids for tasks submitted without one: UTC time to the millisecond then a counter,
 * {@code 20261124-100000-120-0007}, so they sort in creation order and read as a date.
 * Uniqueness is settled by the caller (the task directory is created exclusively).
 */
final class TaskIds {
  private final Clock clock;
  private final AtomicLong counter = new AtomicLong();

  TaskIds(Clock clock) {
    this.clock = clock;
  }

  /** Formatted by hand: a formatter and {@code String.format} cost more than the rest of an id (every POST without one). */
  String next() {
    LocalDateTime t = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    StringBuilder id = new StringBuilder(24);
    digits(id, t.getYear(), 4);
    digits(id, t.getMonthValue(), 2);
    digits(id, t.getDayOfMonth(), 2);
    id.append('-');
    digits(id, t.getHour(), 2);
    digits(id, t.getMinute(), 2);
    digits(id, t.getSecond(), 2);
    id.append('-');
    digits(id, t.getNano() / 1_000_000, 3);
    id.append('-');
    digits(id, (int) (counter.incrementAndGet() % 10_000), 4);
    return id.toString();
  }

  /** {@code value} with leading zeros to {@code width} digits (as {@code %0Nd}; a wider value is written whole). */
  private static void digits(StringBuilder to, int value, int width) {
    String text = Integer.toString(value);
    for (int i = text.length(); i < width; i++) {
      to.append('0');
    }
    to.append(text);
  }
}
