package dev.taskrunner.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written id and resource name checks accept exactly what their rules' patterns match. */
class NameRulesTest {

  @Test
  void anIdIsWhatTheIdRuleMatches() {
    Pattern rule = Pattern.compile(TaskDefinitions.ID_RULE);
    for (String text : samples()) {
      assertEquals(rule.matcher(text).matches(), TaskDefinitions.isId(text), "'" + text + "'");
    }
  }

  @Test
  void theIdPatternIsTheIdRule() {
    assertEquals(TaskDefinitions.ID_RULE, TaskDefinitions.ID.pattern());
  }

  @Test
  void aResourceNameIsWhatTheNameRuleMatches() {
    Pattern rule = Pattern.compile(Resources.NAME_RULE);
    for (String text : samples()) {
      assertEquals(rule.matcher(text).matches(), Resources.isName(text), "'" + text + "'");
    }
  }

  /** Every single character up to U+00FF and a few beyond; then strings of every length to 70, near the alphabets. */
  private static List<String> samples() {
    List<String> samples = new ArrayList<>();
    samples.add("");
    for (char c = 0; c < 0x100; c++) {
      samples.add(String.valueOf(c));
      samples.add("a" + c + "b");
    }
    for (String c : List.of("\u0660", "\uFF10", "\uFF21", "\u212A", "\u0130", "\uD83D\uDE00")) {
      samples.add(c);
      samples.add("a" + c);
    }
    String near = "aZ09_-.:/ \u00E9*+@";
    Random random = new Random(64);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(71);
      for (int j = 0; j < length; j++) {
        // mostly allowed characters, so long strings reach the length limit
        text.append(random.nextInt(20) == 0 ? near.charAt(random.nextInt(near.length())) : near.charAt(random.nextInt(6)));
      }
      samples.add(text.toString());
    }
    return samples;
  }
}
