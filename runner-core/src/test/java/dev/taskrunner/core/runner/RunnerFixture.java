package dev.taskrunner.core.runner;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.status.TaskStatus;
import dev.taskrunner.core.task.TaskDefinition;
import dev.taskrunner.core.task.TaskDefinitionJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Shared helpers of the in-process TaskRunner tests: fast heartbeats, status and output readers. */
final class RunnerFixture {
  static final String TASK_ID = "t1";
  static final RunnerOptions FAST = RunnerOptions.defaults()
      .withHeartbeat(Duration.ofMillis(50))
      .withKillGrace(Duration.ofSeconds(1));

  private RunnerFixture() {}

  static TaskDefinition echo(String... lines) {
    return TaskDefinitionJson.anEchoTask(lines).parsed();
  }

  static TaskRunner runner(Path directory, TaskDefinition definition) {
    return new TaskRunner(directory, TASK_ID, definition, FAST);
  }

  static CompletableFuture<Integer> runInBackground(TaskRunner runner) {
    return CompletableFuture.supplyAsync(runner::run);
  }

  static StatusRead read(Path directory) {
    return new StatusFile(directory).read();
  }

  /** The status in {@code directory}, failing the test if there is none. */
  static TaskStatus status(Path directory) {
    return assertInstanceOf(StatusRead.Present.class, read(directory)).status();
  }

  /** output.log, or "" while it does not exist yet. */
  static String output(Path directory) throws IOException {
    try {
      return Files.readString(directory.resolve(TaskFiles.OUTPUT), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    }
  }
}
