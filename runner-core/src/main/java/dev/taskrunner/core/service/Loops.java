package dev.taskrunner.core.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a loop that must not die does with a failure: logs it and goes on — an {@code Error} too,
 * which would otherwise end a scheduled task silently — except when the JVM itself is broken (out
 * of memory): then the node logs and halts, since a node that cannot watch its tasks must not look
 * alive; its tasks go on and the next start adopts them.
 */
final class Loops {
  private static final Logger LOG = LoggerFactory.getLogger(Loops.class);
  static final int EXIT_JVM_BROKEN = 70;

  private Loops() {}

  static void survive(Throwable failure, String message) {
    if (failure instanceof VirtualMachineError) {
      try {
        LOG.error("{}: the JVM cannot go on ({}); halting — the tasks keep running", message, failure.toString());
      } finally {
        Runtime.getRuntime().halt(EXIT_JVM_BROKEN);
      }
    }
    LOG.warn(message, failure);
  }
}
