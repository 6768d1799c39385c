package dev.taskrunner.core.runner;

/**
 * Ends a runner JVM with an exit code: its streams flushed, then {@link Runtime#halt}. A runner
 * registers no shutdown hooks, and {@code System.exit} costs it dearly on recent JDKs: JDK 25's
 * {@code Shutdown.exit} looks up a {@code System.Logger} to log the exit, which scans the class
 * path for a logger service and so opens the node's jar of ~7,000 entries (~80M instructions with
 * C1, ~430M interpreted: more than the rest of an echo runner's run).
 */
final class RunnerExit {
  private RunnerExit() {}

  static void now(int code) {
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }
}
