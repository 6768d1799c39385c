package dev.taskrunner.cli;

import java.time.Duration;
import java.time.Instant;

/** Ages as people read them in a table: {@code 42s}, {@code 3m}, {@code 5h}, {@code 2d} (rounded down). */
final class Ages {
  private Ages() {}

  /** How long ago {@code then} was at {@code now}; {@code -} when unknown, {@code 0s} for a clock ahead of ours. */
  static String since(Instant then, Instant now) {
    if (then == null) {
      return "-";
    }
    long seconds = Math.max(0, Duration.between(then, now).getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    } else if (seconds < 60 * 60) {
      return seconds / 60 + "m";
    } else if (seconds < 48 * 60 * 60) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }
}
