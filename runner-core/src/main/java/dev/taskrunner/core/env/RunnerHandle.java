package dev.taskrunner.core.env;

import java.util.concurrent.CompletableFuture;

/** One runner, as an {@link Environment} verified it. */
public interface RunnerHandle {
  /** What the node records of this runner: its identity as its environment gave it when it was launched or verified. */
  RunnerRecord identity();

  /**
   * Why the environment no longer confirms this very runner ("runner pid 4242 is gone", a recycled
   * pid, a zombie, "Slurm job 17 ended: NODE_FAIL"); {@code null} while it does, or while it cannot
   * tell (a batch scheduler that does not answer for now is no verdict).
   */
  String check();

  /** True while the kernel still confirms this very process (a zombie, or a recycled pid, is not it). */
  default boolean isAlive() {
    return check() == null;
  }

  /**
   * Completes when a runner this environment launched exits. For an attached runner it never
   * completes (watching a process that is not one's child costs a thread each in the JDK):
   * poll {@link #isAlive()}.
   */
  CompletableFuture<?> onExit();
}
