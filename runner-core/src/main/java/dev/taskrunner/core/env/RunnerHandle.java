package dev.taskrunner.core.env;

import java.util.concurrent.CompletableFuture;

/** One live runner process, as an {@link Environment} knows it. */
public interface RunnerHandle {
  long pid();

  /** True while the runner process runs (an exited but unreaped process is not alive). */
  boolean isAlive();

  /**
   * Completes when a runner this environment launched exits. For an attached runner it never
   * completes (watching a process that is not one's child costs a thread each in the JDK):
   * poll {@link #isAlive()}.
   */
  CompletableFuture<?> onExit();
}
