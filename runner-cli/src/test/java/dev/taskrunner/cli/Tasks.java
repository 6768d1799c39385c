package dev.taskrunner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Task definitions for tests, as JSON text. */
final class Tasks {
  private Tasks() {}

  /** An echo task with a client-chosen id running {@code statements}. */
  static String echo(String id, String... statements) {
    String lines = List.of(statements).stream().map(Tasks::quote).collect(Collectors.joining(","));
    return "{\"id\":" + quote(id) + ",\"name\":\"test " + id + "\",\"machine\":\"echo\",\"parameters\":[" + lines + "]}";
  }

  /** An echo task printing {@code line 1} .. {@code line N}, {@code pauseSeconds} apart. */
  static String slowLines(String id, int count, double pauseSeconds) {
    List<String> statements = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      statements.add("ECHO line " + i);
      statements.add("SLEEP " + pauseSeconds);
    }
    return echo(id, statements.toArray(String[]::new));
  }

  /** What {@link #slowLines} prints. */
  static String linesUpTo(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      out.append("line ").append(i).append('\n');
    }
    return out.toString();
  }

  static String exec(String id, String shellCommand) {
    return "{\"id\":" + quote(id) + ",\"machine\":\"exec\",\"parameters\":{\"command\":" + quote(shellCommand)
        + ",\"shell\":true}}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
