package dev.taskrunner.core.runner;

import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import java.time.Clock;
import java.time.Duration;

/**
 * Owns a runner's status record: the first write, a heartbeat from a thread of its own (a busy or
 * blocked task cannot starve it), and the final write, after which heartbeats stop.
 */
final class StatusKeeper {
  private final StatusFile file;
  private final Clock clock;
  private final RunnerLog log;
  /** Guarded by {@code this}. */
  private TaskStatus current;

  StatusKeeper(StatusFile file, Clock clock, RunnerLog log) {
    this.file = file;
    this.clock = clock;
    this.log = log;
  }

  synchronized void start(TaskStatus first) {
    current = first;
    file.write(first, false);
  }

  synchronized TaskStatus current() {
    return current;
  }

  void startHeartbeat(Duration every) {
    Thread beat = new Thread(() -> beatUntilFinished(every.toMillis()), "heartbeat");
    beat.setDaemon(true);
    beat.setPriority(Thread.MAX_PRIORITY);
    beat.start();
  }

  private void beatUntilFinished(long millis) {
    while (true) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (!beat()) {
          return;
        }
      } catch (RuntimeException e) {
        // A full disk must not end the task; the next beat tries again.
        log.error("heartbeat failed, will keep trying", e);
      }
    }
  }

  private synchronized boolean beat() {
    if (current.finished()) {
      return false;
    }
    current = current.heartbeat(clock.instant());
    file.write(current, false);
    return true;
  }

  synchronized void finish(Integer exitCode, Outcome outcome, String reason, Integer signal) {
    current = current.finish(clock.instant(), exitCode, outcome, reason, signal);
    file.write(current, true);
  }
}
