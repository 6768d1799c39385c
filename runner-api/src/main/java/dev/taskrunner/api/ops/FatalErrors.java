package dev.taskrunner.api.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with an {@link OutOfMemoryError}: log it, then end the process with {@link
 * #EXIT_CODE} at once. A JVM out of memory is in an unknown state (a half-built response, a lock
 * never released, a thread that died mid-task); answering 500 and carrying on would only turn
 * into a loop of 500s. Tasks run in runners of their own and keep running; a service manager
 * restarts the node, which adopts them again. Other errors are left to the caller (500).
 */
public final class FatalErrors {
  private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
  /**
   * The node's exit code after an OutOfMemoryError (1: cannot start, 2: bad configuration): the code
   * the JVM's own {@code -XX:+ExitOnOutOfMemoryError} uses, so a service manager sees one code for both.
   */
  public static final int EXIT_CODE = 3;

  /** How the process ends; tests record the call instead. */
  public interface Exit {
    void now(int code);
  }

  /** Deeper than any real chain of causes; a cycle ends here. */
  public static final int MAX_CAUSES = 64;
  private final Exit exit;

  public FatalErrors(Exit exit) {
    this.exit = exit;
  }

  /** Halts the JVM: no shutdown hooks, which could need memory or wait on a lock the failure holds. */
  public static FatalErrors halting() {
    return new FatalErrors(code -> Runtime.getRuntime().halt(code));
  }

  /** Ends the process if {@code failure} is, or was caused by, an OutOfMemoryError; returns otherwise. */
  public void check(Throwable failure, String where) {
    // Bounded: a cause chain can be a cycle (A -> B -> A), and this runs on the error path.
    int depth = 0;
    for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        try {
          LOG.error("out of memory {}; the node exits ({}) so that it can be restarted; tasks keep running",
              where, EXIT_CODE, failure);
        } finally {
          exit.now(EXIT_CODE);
        }
        return;
      }
    }
  }
}
