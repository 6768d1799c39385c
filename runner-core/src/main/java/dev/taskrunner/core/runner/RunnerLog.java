package dev.taskrunner.core.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The runner's own diagnostics, {@code runner.log} in the task directory: why a task ended in
 * {@code error}, what the runner could not do. Not a logging framework on purpose: the runner
 * JVM starts per task, and the file is only opened when there is something to say.
 */
final class RunnerLog {
  static final String NAME = "runner.log";
  private final Path file;
  private final Clock clock;

  RunnerLog(Path taskDirectory, Clock clock) {
    this.file = taskDirectory.resolve(NAME);
    this.clock = clock;
  }

  void info(String message) {
    append(clock.instant() + " INFO " + message + "\n");
  }

  void error(String message, Throwable cause) {
    StringWriter trace = new StringWriter();
    if (cause != null) {
      cause.printStackTrace(new PrintWriter(trace));
    }
    append(clock.instant() + " ERROR " + message + "\n" + trace);
  }

  private synchronized void append(String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("runner: cannot write " + file + ": " + e.getMessage() + "; " + text);
    }
  }
}
