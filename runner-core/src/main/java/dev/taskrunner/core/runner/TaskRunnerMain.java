package dev.taskrunner.core.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The main class of a node-launched runner JVM:
 * {@code TaskRunnerMain [--heartbeat-ms N] [--kill-grace-ms N] [--max-output-bytes N] TASK_DIR}. Reads
 * {@code TASK_DIR/task.json}; the task id is the directory's name. Exits with the code of
 * {@link ExitCodes}.
 */
public final class TaskRunnerMain {
  private TaskRunnerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    RunnerOptions options = RunnerOptions.defaults();
    Path directory = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--heartbeat-ms":
            options = options.withHeartbeat(Duration.ofMillis(Long.parseLong(args[++i])));
            break;
          case "--kill-grace-ms":
            options = options.withKillGrace(Duration.ofMillis(Long.parseLong(args[++i])));
            break;
          case "--max-output-bytes":
            options = options.withMaxOutputBytes(Long.parseLong(args[++i]));
            break;
          default:
            if (directory != null || args[i].startsWith("--")) {
              throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            directory = Path.of(args[i]).toAbsolutePath();
        }
      }
      if (directory == null || !Files.isDirectory(directory)) {
        throw new IllegalArgumentException("a task directory is required");
      }
    } catch (RuntimeException e) {
      System.err.println("runner: " + e.getMessage()
          + "\nusage: TaskRunnerMain [--heartbeat-ms N] [--kill-grace-ms N] [--max-output-bytes N] TASK_DIR");
      return ExitCodes.INVALID_TASK;
    }
    return new TaskRunner(directory, directory.getFileName().toString(), null, options).run();
  }
}
