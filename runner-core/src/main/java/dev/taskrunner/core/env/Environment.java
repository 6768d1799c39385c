package dev.taskrunner.core.env;

import dev.taskrunner.core.process.RunnerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where runners run. An environment launches a TaskRunner on a task directory and reports the
 * runner's identity as the kernel gave it; re-attaches to a runner only when the kernel confirms
 * the identity the node recorded; stops one — SIGTERM, then after a grace period SIGKILL to the
 * runner and every process of its task — and takes what is left of a task whose runner died.
 * It never signals a process it has not verified. Runners never depend on the environment's
 * process staying alive. {@link ProcessEnvironment} runs them on this host.
 */
public interface Environment extends AutoCloseable {

  /** Called once the node is ready to launch; an environment may start work ahead of demand here. */
  default void start() throws IOException {}

  /**
   * How many tasks wait for a free runner slot, told after each scheduling pass. An environment
   * that starts runners ahead of demand holds off while tasks wait: every task then gets a runner
   * as soon as a slot frees anyway, and one started ahead would only add its warm-up to the CPU the
   * waiting tasks need.
   */
  default void backlog(int waiting) {}

  /** Starts a runner on {@code taskDirectory}, which holds {@code task.json}; the handle knows its identity. */
  RunnerHandle launch(Path taskDirectory) throws IOException;

  /**
   * The runner {@code recorded} names, if the kernel confirms exactly that process is alive and is
   * a runner (same pid, start time and boot; a runner's command line). Idempotent.
   */
  Optional<RunnerHandle> attach(RunnerIdentity recorded, Path taskDirectory);

  /**
   * The runner that holds {@code taskDirectory}'s lock, for a task whose runner's identity the node
   * never recorded (it died between the launch and the record).
   */
  Optional<RunnerHandle> find(Path taskDirectory);

  /**
   * SIGTERM to the runner now; if it is still alive after {@code grace}, SIGKILL to it and every
   * process of its task ({@code taskId}'s cookie). Returns at once.
   */
  void stop(RunnerHandle runner, String taskId, Duration grace);

  /**
   * Kills every process left of the task whose runner {@code runner} was (gone now); returns true
   * when there were any. Blocks until they are gone or a few seconds passed.
   */
  boolean killLeftovers(RunnerIdentity runner, String taskId);

  /** Releases what {@link #start()} took. Launched runners go on; they never depend on the environment. */
  @Override
  default void close() {}
}
