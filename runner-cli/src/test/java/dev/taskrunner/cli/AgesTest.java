package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgesTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void agesAreRoundedDownToTheLargestUnitThatFits() {
    assertEquals("0s", Ages.since(NOW, NOW));
    assertEquals("59s", Ages.since(NOW.minusSeconds(59), NOW));
    assertEquals("3m", Ages.since(NOW.minusSeconds(3 * 60 + 59), NOW));
    assertEquals("5h", Ages.since(NOW.minusSeconds(5 * 3600 + 10), NOW));
    assertEquals("47h", Ages.since(NOW.minusSeconds(47 * 3600), NOW));
    assertEquals("2d", Ages.since(NOW.minusSeconds(2 * 86400 + 5), NOW));
  }

  @Test
  void anUnknownTimeIsADashAndAClockAheadOfOursIsZero() {
    assertEquals("-", Ages.since(null, NOW));
    assertEquals("0s", Ages.since(NOW.plusSeconds(30), NOW));
  }
}
