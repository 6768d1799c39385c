package dev.taskrunner.core.env;

import dev.taskrunner.core.process.RunnerIdentity;
import java.util.concurrent.CompletableFuture;

/** One runner process, as an {@link Environment} verified it. */
public interface RunnerHandle {
  /** The runner's identity as the kernel gave it when it was launched or verified. */
  RunnerIdentity identity();

  default long pid() {
    return identity().pid();
  }

  /**
   * Why the kernel no longer confirms this very process as the runner ("runner pid 4242 is gone",
   * a recycled pid, a zombie); {@code null} while it does.
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
