package dev.taskrunner.core.machine.echo;

import java.util.List;

/** One line of an echo script, parsed. {@code line} is its 1-based line number in the script. */
record Statement(int line, Kind kind, String text, double seconds, int code, List<String> resources) {

  enum Kind { ECHO, SLEEP, LOG, RETURN, RAISE, USE_SHARED, USE_EXCLUSIVE }

  boolean isUse() {
    return kind == Kind.USE_SHARED || kind == Kind.USE_EXCLUSIVE;
  }

  static Statement echo(int line, String text) {
    return new Statement(line, Kind.ECHO, text, 0, 0, List.of());
  }

  static Statement sleep(int line, double seconds) {
    return new Statement(line, Kind.SLEEP, null, seconds, 0, List.of());
  }

  /** {@code text} is the level and the message, {@code "WARNING disk almost full"}. */
  static Statement log(int line, String level, String message) {
    return new Statement(line, Kind.LOG, level + " " + message, 0, 0, List.of());
  }

  static Statement ret(int line, int code) {
    return new Statement(line, Kind.RETURN, null, 0, code, List.of());
  }

  static Statement raise(int line, String message) {
    return new Statement(line, Kind.RAISE, message, 0, 0, List.of());
  }

  static Statement use(int line, boolean exclusive, List<String> resources) {
    return new Statement(line, exclusive ? Kind.USE_EXCLUSIVE : Kind.USE_SHARED, null, 0, 0, List.copyOf(resources));
  }
}
