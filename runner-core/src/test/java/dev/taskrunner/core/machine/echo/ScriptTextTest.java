package dev.taskrunner.core.machine.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written cuts give what the regular expressions they replace give, on many inputs. */
class ScriptTextTest {
  /** Whitespace of every kind \s and \R know and some they do not, beside words, digits and dots. */
  private static final char[] ALPHABET = {'a', 'B', '0', '7', '.', '.', '-', '#', ' ', ' ', '\t', '\n', '\u000B', '\f',
      '\r', '\r', '\u0085', '\u2028', '\u2029', '\u00A0', '\u2003', '\u001C', 'é'};
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

  @Test
  void wordsAreWhatSplitOnWhitespaceGives() {
    for (String text : samples()) {
      for (int limit = 0; limit <= 3; limit++) {
        assertArrayEquals(text.split("\\s+", limit), ScriptText.words(text, limit),
            "'" + text + "' limit " + limit);
      }
    }
  }

  @Test
  void linesAreWhatSplitOnLineBreaksGives() {
    for (String text : samples()) {
      assertEquals(Arrays.asList(text.split("\\R", -1)), ScriptText.lines(text), "'" + text + "'");
    }
  }

  @Test
  void decimalsAreWhatThePatternMatches() {
    for (String text : samples()) {
      assertEquals(DECIMAL.matcher(text).matches(), ScriptText.isDecimal(text), "'" + text + "'");
    }
    for (String text : List.of("0", "5", "5.", "5.25", ".5", "007.100", "12345678901234567890")) {
      assertEquals(true, ScriptText.isDecimal(text), text);
    }
    for (String text : List.of("", ".", "..", "5..", "-1", "+1", "1e3", "0x10", " 5", "5 ", "Infinity", "NaN", "5d",
        "١", "5.5.5")) {
      assertEquals(false, ScriptText.isDecimal(text), text);
    }
  }

  @Test
  void edgeCasesOfSplitting() {
    for (String text : List.of("", " ", "   ", "a", " a", "a ", " a ", "a  b", "a\r\nb", "\r\n", "\r\r\n", "\n\r",
        "ECHO hi", "LOG INFO  two  spaces", "USE SHARED a b\tc")) {
      for (int limit = 0; limit <= 3; limit++) {
        assertArrayEquals(text.split("\\s+", limit), ScriptText.words(text, limit), "'" + text + "' limit " + limit);
      }
      assertEquals(Arrays.asList(text.split("\\R", -1)), ScriptText.lines(text), "'" + text + "'");
    }
  }

  /** Every string of up to 3 characters of a small alphabet, then random longer ones. */
  private static List<String> samples() {
    List<String> samples = new java.util.ArrayList<>();
    char[] small = {'a', '5', '.', ' ', '\t', '\r', '\n', '\u2028'};
    samples.add("");
    for (char a : small) {
      samples.add("" + a);
      for (char b : small) {
        samples.add("" + a + b);
        for (char c : small) {
          samples.add("" + a + b + c);
        }
      }
    }
    Random random = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      char[] text = new char[random.nextInt(14)];
      for (int j = 0; j < text.length; j++) {
        text[j] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      samples.add(new String(text));
    }
    return samples;
  }
}
