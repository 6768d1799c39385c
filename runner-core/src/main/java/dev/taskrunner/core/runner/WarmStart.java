package dev.taskrunner.core.runner;

import dev.taskrunner.core.fs.FileTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The waiting half of a warm runner ({@code TaskRunnerMain --warm}): runs a small echo task on a
 * scratch directory, so every class and call site of a runner's path is loaded and linked before a
 * task comes, then blocks until the node writes one task directory, a line, on its stdin. End of
 * input means no task will come: the node closed its pool or died. While it waits, SIGTERM, SIGINT
 * and SIGHUP end it at once, as they end a JVM that has not started its task yet.
 */
final class WarmStart {
  private static final byte[] SAMPLE_TASK = "{\"machine\":\"echo\",\"parameters\":[\"ECHO warm\"]}"
      .getBytes(StandardCharsets.UTF_8);

  private WarmStart() {}

  /** The task directory the node hands over, or empty if none will come. */
  static Optional<Path> awaitTask(RunnerOptions options) throws IOException {
    warmUp(Path.of("warm-up-" + ProcessHandle.current().pid()).toAbsolutePath(), options);
    StopSignals.install(signal -> System.exit(ExitCodes.canceledBy(signal)));
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(line).toAbsolutePath());
  }

  /** A whole run of a small task on {@code scratch}, which is then removed. */
  private static void warmUp(Path scratch, RunnerOptions options) {
    try {
      Files.createDirectory(scratch); // not its parents: a pool directory removed under it stays removed
      Files.write(scratch.resolve(TaskRunner.TASK_FILE), SAMPLE_TASK);
      new TaskRunner(scratch, "warmup", null, options).run();
    } catch (IOException | RuntimeException e) {
      // Only a head start: the task's own run meets and reports any real problem.
    } finally {
      try {
        FileTrees.remove(scratch);
      } catch (IOException e) {
        // the pool directory is cleared at the node's next start
      }
    }
  }
}
