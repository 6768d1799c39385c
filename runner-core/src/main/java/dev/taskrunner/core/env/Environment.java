package dev.taskrunner.core.env;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where runners run. An environment launches a TaskRunner on a task directory and reports the
 * {@link RunnerRecord} it trusts first (the kernel's identity of a local process, a batch
 * scheduler's job); re-attaches to a runner only when that source confirms the record the node
 * kept; stops one — SIGTERM, then after a grace period SIGKILL to the
 * runner and every process of its task — and takes what is left of a task whose runner died.
 * It never signals a process it has not verified. Runners never depend on the environment's
 * process staying alive. {@link ProcessEnvironment} runs them on this host,
 * {@link dev.taskrunner.core.env.slurm.SlurmEnvironment} through Slurm. Both pass one contract test.
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

  /**
   * Starts a runner on {@code taskDirectory}, which holds {@code task.json}; the handle knows its
   * record, which the node writes to its own file before it answers.
   */
  RunnerHandle launch(Path taskDirectory) throws IOException;

  /**
   * The runner {@code recorded} names, if this environment's first source confirms it is still
   * there and is this task's runner (the kernel: same pid, start time and boot, a runner's command
   * line; Slurm: the job is known and not ended). Empty for a record of another environment.
   * Idempotent.
   */
  Optional<RunnerHandle> attach(RunnerRecord recorded, Path taskDirectory);

  /**
   * Why {@code recorded}, which {@link #attach} refused, is no runner any more: what a lost task's
   * reason quotes ("the runner (pid 4242) is gone", "Slurm job 17 ended NODE_FAIL").
   */
  default String gone(RunnerRecord recorded, Path taskDirectory) {
    return "the runner (" + recorded.describe() + ") is gone";
  }

  /**
   * The runner of {@code taskDirectory} for a task whose runner's record the node never wrote (it
   * died between the launch and the record): the process holding the task's lock, the batch job
   * submitted for that directory.
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
  boolean killLeftovers(RunnerRecord runner, String taskId);

  /** Releases what {@link #start()} took. Launched runners go on; they never depend on the environment. */
  @Override
  default void close() {}
}
