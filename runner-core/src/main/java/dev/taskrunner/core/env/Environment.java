package dev.taskrunner.core.env;

import dev.taskrunner.core.status.TaskStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where runners run. An environment launches a TaskRunner on a task directory, re-attaches to a
 * runner that a status file names, and stops one: SIGTERM, then after a grace period SIGKILL to
 * the runner and its whole process tree. Runners never depend on the environment's process
 * staying alive. {@link ProcessEnvironment} runs them on this host; a batch scheduler could be
 * another.
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

  /** Starts a runner on {@code taskDirectory}, which holds {@code task.json}. */
  RunnerHandle launch(Path taskDirectory) throws IOException;

  /**
   * The runner {@code status} names, if exactly that process is alive: same pid and same process
   * start time, so a recycled pid is never taken for it. Idempotent.
   */
  Optional<RunnerHandle> attach(TaskStatus status);

  /**
   * SIGTERM to the runner now; if it is still alive after {@code grace}, SIGKILL to it and every
   * process of its tree. Returns at once.
   */
  void stop(RunnerHandle runner, Duration grace);

  /** Releases what {@link #start()} took. Launched runners go on; they never depend on the environment. */
  @Override
  default void close() {}
}
