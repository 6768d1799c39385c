package dev.taskrunner.core.service;

/**
 * Crash points for recovery tests, off unless the node runs with the environment variable
 * {@code RUNNER_FAULT_HALT_AFTER_LAUNCH=1}: the node then dies like a {@code kill -9} right after
 * launching a runner, before that runner's first status write.
 */
final class FaultInjection {
  private static final boolean HALT_AFTER_LAUNCH = "1".equals(System.getenv("RUNNER_FAULT_HALT_AFTER_LAUNCH"));

  private FaultInjection() {}

  static void afterLaunch() {
    if (HALT_AFTER_LAUNCH) {
      Runtime.getRuntime().halt(86);
    }
  }
}
