package dev.taskrunner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts standalone runners for a test and, after it, kills every process of their trees that is left. */
final class SpawnedRunners implements AfterEachCallback {
  private final List<RunnerProcess> started = new CopyOnWriteArrayList<>();

  RunnerProcess start(Path dir, String taskJson, String... args) throws IOException {
    RunnerProcess runner = RunnerProcess.start(dir, taskJson, args);
    started.add(runner);
    return runner;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(RunnerProcess::killAll);
    started.clear();
  }
}
