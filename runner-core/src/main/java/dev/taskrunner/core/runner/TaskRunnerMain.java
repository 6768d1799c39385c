package dev.taskrunner.core.runner;

import dev.taskrunner.core.env.slurm.SlurmJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The main class of a node-launched runner JVM:
 * {@code TaskRunnerMain [--heartbeat-ms N] [--kill-grace-ms N] [--max-output-bytes N] [--task-user U] [--slurm-job ID] TASK_DIR|--warm}.
 * Reads {@code TASK_DIR/task.json}; the task id is the directory's name. With {@code --warm} the
 * runner is started ahead of demand and reads its one task directory from stdin (see
 * {@link WarmStart}); it exits 0 at once if stdin ends first. Exits with the code of {@link ExitCodes}.
 */
public final class TaskRunnerMain {
  /** The argument that starts a warm runner, which reads its task directory from stdin. */
  public static final String WARM = "--warm";

  private TaskRunnerMain() {}

  public static void main(String[] args) {
    RunnerExit.now(run(args));
  }

  private static final String USAGE =
      "usage: TaskRunnerMain [--heartbeat-ms N] [--kill-grace-ms N] [--max-output-bytes N] [--task-user U] [--slurm-job ID] TASK_DIR|--warm";

  static int run(String[] args) {
    RunnerOptions options = RunnerOptions.defaults();
    Path directory = null;
    boolean warm = false;
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
          case "--task-user":
            options = options.withTaskUser(args[++i]);
            break;
          case "--slurm-job":
            options = options.withSlurmJob(SlurmJob.requireId(args[++i]));
            break;
          case WARM:
            warm = true;
            break;
          default:
            if (directory != null || args[i].startsWith("--")) {
              throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            directory = Path.of(args[i]).toAbsolutePath();
        }
      }
      if (warm == (directory != null)) {
        throw new IllegalArgumentException("a task directory or --warm is required, not both");
      }
    } catch (RuntimeException e) {
      System.err.println("runner: " + e.getMessage() + "\n" + USAGE);
      return ExitCodes.INVALID_TASK;
    }
    if (warm) {
      try {
        Optional<Path> handed = WarmStart.awaitTask(options);
        if (handed.isEmpty()) {
          return ExitCodes.NO_TASK;
        }
        directory = handed.get();
      } catch (IOException e) {
        System.err.println("runner: cannot read a task directory from stdin: " + e.getMessage());
        return ExitCodes.ERROR;
      }
    }
    if (!Files.isDirectory(directory)) {
      System.err.println("runner: no task directory " + directory + "\n" + USAGE);
      return ExitCodes.INVALID_TASK;
    }
    return new TaskRunner(directory, directory.getFileName().toString(), null, options).run();
  }
}
