package dev.taskrunner.api.activity;

import dev.taskrunner.core.service.TaskEvents;
import dev.taskrunner.core.service.TaskView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Launches (a runner's first status) and finishes per minute over the last {@link #MINUTES}
 * minutes, for the operator's chart. Kept in memory only: a restarted node starts a new hour.
 * Fed by the service as its {@link TaskEvents}; reading takes a lock held for a few array reads.
 */
public final class NodeActivity implements TaskEvents {
  public static final int MINUTES = 60;
  private final Clock clock;
  /** Guarded by {@code this}: counts per minute slot, and the epoch minute each slot holds. */
  private final int[] launched = new int[MINUTES];
  private final int[] finished = new int[MINUTES];
  private final long[] slotMinute = new long[MINUTES];

  public NodeActivity(Clock clock) {
    this.clock = clock;
  }

  /** One minute of the chart: when it starts and what happened in it. */
  public record Minute(Instant start, int launched, int finished) {}

  @Override
  public void started(TaskView task, Duration launchLatency) {
    count(launched);
  }

  @Override
  public void finished(TaskView task, Duration ran) {
    count(finished);
  }

  private synchronized void count(int[] counts) {
    long minute = clock.millis() / 60_000;
    int slot = (int) (minute % MINUTES);
    if (slotMinute[slot] != minute) {
      slotMinute[slot] = minute;
      launched[slot] = 0;
      finished[slot] = 0;
    }
    counts[slot]++;
  }

  /** The last {@link #MINUTES} minutes, oldest first, the current one last (minutes without tasks as zeros). */
  public synchronized List<Minute> lastHour() {
    long now = clock.millis() / 60_000;
    List<Minute> minutes = new ArrayList<>(MINUTES);
    for (long m = now - MINUTES + 1; m <= now; m++) {
      int slot = (int) (m % MINUTES);
      boolean held = slotMinute[slot] == m;
      minutes.add(new Minute(Instant.ofEpochSecond(m * 60), held ? launched[slot] : 0, held ? finished[slot] : 0));
    }
    return minutes;
  }
}
