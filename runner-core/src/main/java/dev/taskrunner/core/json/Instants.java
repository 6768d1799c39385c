package dev.taskrunner.core.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses the instants our files hold, as {@link Instant#toString()} writes them ({@code
 * 2026-11-24T20:07:36.692Z}: a four-digit year, UTC, zero to nine fraction digits), several times
 * faster than {@link Instant#parse}; a node restart parses eight per task directory. Any other
 * form goes to {@link Instant#parse}, so the result and the errors are exactly its own.
 *
 * <p>Writes them too, exactly as {@link Instant#toString()} does, without {@code java.time.format}:
 * a runner JVM writes its status on start, where building the JDK's formatters costs it more
 * than the write.
 */
public final class Instants {
  private static final int SHORTEST = "2026-11-24T20:07:36Z".length();

  private Instants() {}

  /** @throws DateTimeParseException when the text is not an instant */
  public static Instant parse(String text) {
    int n = text.length();
    if (n < SHORTEST || n > SHORTEST + 10 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-'
        || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (n > SHORTEST) {
      if (text.charAt(19) != '.' || n == SHORTEST + 1) {
        return Instant.parse(text);
      }
      int fraction = digits(text, 20, n - 1);
      if (fraction < 0) {
        return Instant.parse(text);
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > lengthOfMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Instant.parse(text); // out of range, a leap second, or not digits: Instant.parse says which
    }
    long epochDay = epochDay(year, month, day);
    try {
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    } catch (DateTimeException e) {
      return Instant.parse(text);
    }
  }

  /** {@code instant.toString()}, written by hand for the years 0 to 9999 (by the JDK otherwise). */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long epochDay = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    // H. Hinnant's civil_from_days
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return instant.toString();
    }
    char[] text = new char[30];
    int at = put(text, 0, (int) year, 4);
    text[at++] = '-';
    at = put(text, at, month, 2);
    text[at++] = '-';
    at = put(text, at, day, 2);
    text[at++] = 'T';
    at = put(text, at, secondOfDay / 3600, 2);
    text[at++] = ':';
    at = put(text, at, secondOfDay / 60 % 60, 2);
    text[at++] = ':';
    at = put(text, at, secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos != 0) {
      text[at++] = '.';
      // as few digits as show it, in groups of three: millis, micros or nanos
      at = nanos % 1_000_000 == 0 ? put(text, at, nanos / 1_000_000, 3)
          : nanos % 1000 == 0 ? put(text, at, nanos / 1000, 6) : put(text, at, nanos, 9);
    }
    text[at++] = 'Z';
    return new String(text, 0, at);
  }

  /** Writes {@code value} as {@code width} decimal digits at {@code at}; returns the index after them. */
  private static int put(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }

  /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
