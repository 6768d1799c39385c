package dev.taskrunner.core.service;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.RunnerHandle;
import dev.taskrunner.core.process.RunnerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * An environment that starts no process (as Nomad's mock driver): each "runner" is this test JVM's
 * identity and stays alive; nothing is ever attached, found or signalled. With a {@code failing}
 * knob, launches fail as a fork that hits EAGAIN does.
 */
final class FakeEnvironment implements Environment {
  private final BooleanSupplier failing;
  /** The task directories launched, in the order of their launches. */
  final List<Path> launched = new CopyOnWriteArrayList<>();
  /** The tasks whose leftover processes the node asked to kill, in order. */
  final List<String> leftoverSweeps = new CopyOnWriteArrayList<>();

  FakeEnvironment() {
    this(() -> false);
  }

  /** Launches throw while {@code failing} says so. */
  FakeEnvironment(BooleanSupplier failing) {
    this.failing = failing;
  }

  @Override
  public RunnerHandle launch(Path taskDirectory) throws IOException {
    if (failing.getAsBoolean()) {
      throw new IOException("error=11, Resource temporarily unavailable");
    }
    launched.add(taskDirectory);
    RunnerIdentity identity = RunnerIdentity.self();
    return new RunnerHandle() {
      @Override
      public RunnerIdentity identity() {
        return identity;
      }

      @Override
      public String check() {
        return null;
      }

      @Override
      public CompletableFuture<?> onExit() {
        return new CompletableFuture<>();
      }
    };
  }

  @Override
  public Optional<RunnerHandle> attach(dev.taskrunner.core.env.RunnerRecord recorded, Path taskDirectory) {
    return Optional.empty();
  }

  @Override
  public Optional<RunnerHandle> find(Path taskDirectory) {
    return Optional.empty();
  }

  @Override
  public void stop(RunnerHandle runner, String taskId, Duration grace) {}

  @Override
  public boolean killLeftovers(dev.taskrunner.core.env.RunnerRecord runner, String taskId) {
    leftoverSweeps.add(taskId);
    return false;
  }
}
