package dev.taskrunner.core.runner;

import dev.taskrunner.core.json.Instants;
import dev.taskrunner.core.layout.TaskFiles;
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
  private final Path file;
  private final Clock clock;

  RunnerLog(Path taskDirectory, Clock clock) {
    this.file = new TaskFiles(taskDirectory).runnerLog();
    this.clock = clock;
  }

  void info(String message) {
    append(Instants.format(clock.instant()) + " INFO " + message + "\n");
  }

  void error(String message, Throwable cause) {
    StringWriter trace = new StringWriter();
    if (cause != null) {
      cause.printStackTrace(new PrintWriter(trace));
    }
    append(Instants.format(clock.instant()) + " ERROR " + message + "\n" + trace);
  }

  private synchronized void append(String text) {
    try {
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, java.util.Set.of(
          StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS),
          dev.taskrunner.core.fs.AtomicFiles.OWNER_ONLY)) {
        channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      System.err.println("runner: cannot write " + file + ": " + e.getMessage() + "; " + text);
    }
  }
}
