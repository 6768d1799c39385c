package dev.taskrunner.core.machine.echo;

import java.util.ArrayList;
import java.util.List;

/**
 * The three regular expressions an echo script is cut with, by hand: a runner runs interpreted
 * and compiling its first regex costs it ~5 ms, more than the rest of the parse. Each method
 * gives exactly what the expression in its Javadoc gives (ScriptTextTest checks them against it).
 */
final class ScriptText {
  private ScriptText() {}

  /** {@code text.split("\\s+", limit)}, for {@code limit >= 0}. */
  static String[] words(String text, int limit) {
    List<String> words = new ArrayList<>();
    int start = 0;
    boolean split = false;
    int n = text.length();
    for (int i = 0; i < n && (limit == 0 || words.size() < limit - 1); ) {
      if (!isSpace(text.charAt(i))) {
        i++;
        continue;
      }
      words.add(text.substring(start, i));
      split = true;
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      start = i;
    }
    if (!split) {
      return new String[] {text};
    }
    words.add(text.substring(start));
    int size = words.size();
    while (limit == 0 && size > 0 && words.get(size - 1).isEmpty()) {
      size--;
    }
    return words.subList(0, size).toArray(new String[0]);
  }

  /** {@code \s}: {@code [ \t\n\x0B\f\r]}. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** {@code text.split("\\R", -1)}: every line, the empty ones too. */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return lines;
  }

  /** {@code text.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")}: a plain decimal number. */
  static boolean isDecimal(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
    }
    int whole = i;
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
      }
    }
    int fraction = i - whole - 1;
    return i == n && (whole > 0 || fraction > 0);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
