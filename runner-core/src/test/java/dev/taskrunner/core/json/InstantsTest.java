package dev.taskrunner.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantsTest {
  /** An instant between {@code min} and {@code max} seconds, with each fraction length Instant.toString writes in turn: none, millis, micros, nanos. */
  private static Instant randomInstant(SplittableRandom random, long min, long max, int i) {
    int nanos = switch (i % 4) {
      case 0 -> 0;
      case 1 -> random.nextInt(1000) * 1_000_000;
      case 2 -> random.nextInt(1_000_000) * 1000;
      default -> random.nextInt(1_000_000_000);
    };
    return Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
  }

  @Test
  void readsWhatInstantWritesAsInstantParseDoes() {
    SplittableRandom random = new SplittableRandom(42);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant instant = randomInstant(random, min, max, i);
      assertEquals(instant, Instants.parse(instant.toString()), instant.toString());
    }
  }

  @Test
  void writesWhatInstantToStringWrites() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond(); // before year 0 and after 9999: the JDK's own
    long max = Instant.parse("+10100-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant instant = randomInstant(random, min, max, i);
      assertEquals(instant.toString(), Instants.format(instant));
    }
    for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.000001Z", "2024-02-29T12:00:00.010Z", "2100-03-01T00:00:00Z", "-0001-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z"}) {
      Instant instant = Instant.parse(edge);
      assertEquals(instant.toString(), Instants.format(instant));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-29T23:59:59.5Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
      "2026-11-24T20:07:36.1Z", "2000-03-01T00:00:00.12345Z", "+12026-01-01T00:00:00Z", "2026-11-24T20:07:36+00:00",
      "2026-11-24T24:00:00Z", "2026-11-24T20:07:36.Z", "2026-11-24t20:07:36Z"})
  void agreesWithInstantParseOnEdgesAndOtherForms(String text) {
    assertEquals(Instant.parse(text), Instants.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-24T20:07Z",
      "2026-11-24T20:60:00Z", "2026-11-24T20:07:36.1234567890Z",
      "2026-1a-24T20:07:36Z", "2026-11-24T20:07:36.12a4Z", "", "yesterday"})
  void rejectsWhatInstantParseRejects(String text) {
    assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
    assertThrows(DateTimeParseException.class, () -> Instants.parse(text));
  }
}
