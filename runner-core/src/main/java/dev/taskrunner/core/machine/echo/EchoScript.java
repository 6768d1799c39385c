package dev.taskrunner.core.machine.echo;

import dev.taskrunner.core.task.InvalidTaskException;
import dev.taskrunner.core.task.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An echo script (Tessia's script machine), parsed and checked. One statement a line,
 * keywords case-insensitive, a line whose first non-blank character is {@code #} is a comment:
 * <pre>
 *   USE SHARED|EXCLUSIVE resource...   declare resources (before any other statement)
 *   ECHO text                          print text
 *   SLEEP seconds                      wait (fractions allowed); a stop interrupts it
 *   LOG level message                  print "timestamp LEVEL message"; DEBUG INFO WARNING ERROR CRITICAL
 *   RETURN code                        end the main part with exit code 0-255
 *   RAISE [message]                    end the main part with outcome error
 *   CLEANUP                            what follows runs after the main part, also on stop or failure
 * </pre>
 * A syntax error is an {@link InvalidTaskException} on {@code parameters} naming the line.
 */
public record EchoScript(List<Statement> main, List<Statement> cleanup) {
  static final Set<String> LEVELS = Set.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");
  /** A year; a longer SLEEP is a typo rather than a plan. */
  static final double MAX_SLEEP_SECONDS = 365 * 24 * 3600.0;

  /** Parses {@code parameters}: a list of lines, or one string of lines. */
  public static EchoScript parse(Object parameters) {
    return parse(lines(parameters));
  }

  static EchoScript parse(List<String> lines) {
    List<Statement> main = new ArrayList<>();
    List<Statement> cleanup = null;
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = ScriptText.words(line, 2);
      String keyword = words[0].toUpperCase(Locale.ROOT);
      String rest = words.length > 1 ? words[1] : "";
      if (keyword.equals("CLEANUP")) {
        if (cleanup != null) {
          throw error(number, "CLEANUP appears twice; a script has one cleanup section");
        }
        if (!rest.isEmpty()) {
          throw error(number, "CLEANUP takes no argument");
        }
        cleanup = new ArrayList<>();
        continue;
      }
      Statement statement = statement(number, keyword, rest);
      boolean inCleanup = cleanup != null;
      checkPlacement(statement, inCleanup, inCleanup ? cleanup : main);
      (inCleanup ? cleanup : main).add(statement);
    }
    return new EchoScript(List.copyOf(main), cleanup == null ? List.of() : List.copyOf(cleanup));
  }

  private static void checkPlacement(Statement s, boolean inCleanup, List<Statement> section) {
    if (s.isUse() && (inCleanup || !allUse(section))) {
      throw error(s.line(), "USE must come before every other statement, outside CLEANUP");
    }
    if (inCleanup && (s.kind() == Statement.Kind.RETURN || s.kind() == Statement.Kind.RAISE)) {
      throw error(s.line(), s.kind() + " is not allowed in the CLEANUP section");
    }
  }

  /** No stream: a runner runs interpreted, and a stream's set-up costs it ~2 ms at its first use. */
  private static boolean allUse(List<Statement> statements) {
    for (Statement s : statements) {
      if (!s.isUse()) {
        return false;
      }
    }
    return true;
  }

  private static Statement statement(int line, String keyword, String rest) {
    switch (keyword) {
      case "ECHO":
        return Statement.echo(line, rest);
      case "SLEEP":
        return Statement.sleep(line, seconds(line, rest));
      case "LOG": {
        String[] parts = ScriptText.words(rest, 2);
        String level = parts[0].toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
          throw error(line, "LOG needs a level (DEBUG, INFO, WARNING, ERROR, CRITICAL) then a message");
        }
        return Statement.log(line, level, parts.length > 1 ? parts[1] : "");
      }
      case "RETURN":
        return Statement.ret(line, code(line, rest));
      case "RAISE":
        return Statement.raise(line, rest.isEmpty() ? "RAISE at line " + line : rest);
      case "USE":
        return use(line, rest);
      default:
        throw error(line, "unknown statement '" + keyword + "'; expected ECHO, SLEEP, LOG, RETURN, RAISE, USE or CLEANUP");
    }
  }

  /** What the USE lines declare, each name once; a name both shared and exclusive is refused by the definition. */
  public Resources resources() {
    Resources all = Resources.NONE;
    for (Statement s : main) {
      if (s.isUse()) {
        all = all.with(s.kind() == Statement.Kind.USE_EXCLUSIVE ? new Resources(s.resources(), List.of())
            : new Resources(List.of(), s.resources()));
      }
    }
    return all;
  }

  private static Statement use(int line, String rest) {
    List<String> words = Arrays.asList(ScriptText.words(rest, 0));
    String mode = words.get(0).toUpperCase(Locale.ROOT);
    if (!mode.equals("SHARED") && !mode.equals("EXCLUSIVE") || words.size() < 2) {
      throw error(line, "USE needs SHARED or EXCLUSIVE then at least one resource name");
    }
    for (String name : words.subList(1, words.size())) {
      if (!Resources.isName(name)) {
        throw error(line, "resource name '" + name + "' must match " + Resources.NAME_RULE);
      }
    }
    return Statement.use(line, mode.equals("EXCLUSIVE"), words.subList(1, words.size()));
  }

  private static double seconds(int line, String text) {
    try {
      // Plain decimals only: Double.parseDouble would also take "5d", "0x1p3" or "Infinity".
      double value = ScriptText.isDecimal(text) ? Double.parseDouble(text) : -1;
      if (value >= 0 && value <= MAX_SLEEP_SECONDS) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line
    }
    throw error(line, "SLEEP needs a number of seconds between 0 and " + (long) MAX_SLEEP_SECONDS + ", got '" + text + "'");
  }

  private static int code(int line, String text) {
    try {
      int value = Integer.parseInt(text);
      if (value >= 0 && value <= 255) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line
    }
    throw error(line, "RETURN needs an exit code from 0 to 255, got '" + text + "'");
  }

  private static List<String> lines(Object parameters) {
    if (parameters instanceof String) {
      return ScriptText.lines((String) parameters);
    }
    if (parameters instanceof List) {
      List<String> lines = new ArrayList<>();
      List<?> list = (List<?>) parameters;
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String)) {
          throw new InvalidTaskException("parameters[" + i + "]", "every line of an echo script must be a string");
        }
        lines.add((String) list.get(i));
      }
      return lines;
    }
    throw new InvalidTaskException("parameters", "an echo script must be a list of lines or one string of lines");
  }

  private static InvalidTaskException error(int line, String reason) {
    return new InvalidTaskException("parameters", "line " + line + ": " + reason);
  }
}
