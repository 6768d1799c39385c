package dev.taskrunner.core.service;

import java.time.Duration;

/**
 * How long the node keeps finished tasks: a final task is forgotten (as by DELETE) once it
 * finished more than {@code maxAge} ago, or when more than {@code maxTasks} final tasks exist
 * (oldest first). Archived directories are removed once older than {@code maxAge} too.
 * {@code sweepEvery} is how often this is checked.
 */
public record Retention(Duration maxAge, int maxTasks, Duration sweepEvery) {
  public static final Retention DEFAULT = new Retention(Duration.ofDays(7), 10_000, Duration.ofMinutes(1));

  public Retention {
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("configuration: retention maxAge must be positive, got " + maxAge);
    }
    if (maxTasks < 0) {
      throw new IllegalArgumentException("configuration: retention maxTasks must not be negative, got " + maxTasks);
    }
    if (sweepEvery == null || sweepEvery.isNegative() || sweepEvery.isZero()) {
      throw new IllegalArgumentException("configuration: retention sweepEvery must be positive, got " + sweepEvery);
    }
  }
}
