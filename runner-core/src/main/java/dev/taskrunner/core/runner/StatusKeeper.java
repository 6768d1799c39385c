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
    Thread beat = new Thread(new Heartbeat(this, every.toMillis()), "heartbeat");
    beat.setDaemon(true);
    beat.setPriority(Thread.MAX_PRIORITY);
    beat.start();
  }

  /** No lambda: the runner runs interpreted and its first lambda costs ~4 ms of bootstrap. */
  private static final class Heartbeat implements Runnable {
    private final StatusKeeper keeper;
    private final long millis;

    Heartbeat(StatusKeeper keeper, long millis) {
      this.keeper = keeper;
      this.millis = millis;
    }

    @Override
    public void run() {
      keeper.beatUntilFinished(millis);
    }
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

  /**
   * Writes the final status, durably, and keeps trying — with a pause that doubles up to 10 s —
   * until it is written: a full disk must not cost a task its real ending, and the node reads the
   * task as still running (not lost) for as long as this runner lives.
   */
  void finish(Integer exitCode, Outcome outcome, String reason, Integer signal) {
    TaskStatus end;
    synchronized (this) {
      current = current.finish(clock.instant(), exitCode, outcome, reason, signal);
      end = current;
    }
    boolean interrupted = false;
    long pauseMillis = 50;
    for (int attempt = 1; ; attempt++) {
      try {
        file.write(end, true);
        break;
      } catch (RuntimeException e) {
        if (attempt == 1) {
          log.error("cannot write the final status; will keep trying", e);
        }
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        interrupted = true; // a stop that comes now changes nothing: the ending is decided
      }
      pauseMillis = Math.min(pauseMillis * 2, MAX_FINAL_PAUSE_MILLIS);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static final long MAX_FINAL_PAUSE_MILLIS = 10_000;
}
