package dev.taskrunner.core.env.slurm;

import java.io.IOException;

/**
 * A Slurm command did not answer (slurmctld down or busy, the command missing or timed out): no
 * fact about any job. Never a verdict on a task; the caller tries again later.
 */
public final class SlurmUnavailableException extends IOException {
  public SlurmUnavailableException(String message) {
    super(message);
  }
}
