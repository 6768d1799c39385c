package dev.taskrunner.api.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A normal client that keeps asking one node {@code GET /health} (and, when asked to,
 * {@code GET /v1/tasks}) every {@link #PAUSE} while a scenario's load runs, recording each
 * latency. A request that fails, answers other than 200, or takes longer than {@link #BOUND} is a
 * failure: the node must keep answering throughout.
 */
final class HealthWatch extends Thread {
  /** Generous for a loaded 2-core box: an idle node answers in milliseconds. */
  static final Duration BOUND = Duration.ofSeconds(10);
  private static final long PAUSE = 200;
  private final Client client;
  private final List<String> paths;
  /** Guarded by itself. */
  private final List<Long> micros = new ArrayList<>();
  private volatile boolean stopping;
  private volatile long failures;
  private volatile String firstFailure;

  HealthWatch(Client client, boolean alsoList) {
    super("health-watch");
    setDaemon(true);
    this.client = client;
    this.paths = alsoList ? List.of("/health", "/v1/tasks?limit=100") : List.of("/health");
  }

  @Override
  public void run() {
    for (int i = 0; !stopping; i++) {
      String path = paths.get(i % paths.size());
      long start = System.nanoTime();
      try {
        int status = client.get(path).status();
        long took = (System.nanoTime() - start) / 1000;
        synchronized (micros) {
          micros.add(took);
        }
        if (status != 200 || took > BOUND.toNanos() / 1000) {
          failed(path + ": " + status + " in " + took / 1000 + " ms");
        }
      } catch (IOException e) {
        failed(path + ": " + e);
      }
      try {
        Thread.sleep(PAUSE);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void failed(String what) {
    failures++;
    if (firstFailure == null) {
      firstFailure = what;
    }
  }

  /** Stops asking and reports: count, p50, p99, max and failures, into {@code figures}. */
  void finish(Figures figures, String label) throws InterruptedException {
    stopping = true;
    join(BOUND.toMillis() * 4);
    List<Long> sorted;
    synchronized (micros) {
      sorted = new ArrayList<>(micros);
    }
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      figures.fail("%s: no answer at all", label);
      return;
    }
    figures.note("%s: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed", label, sorted.size(),
        at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0, failures);
    if (failures > 0) {
      figures.fail("%s: %d failed, first: %s", label, failures, firstFailure);
    }
  }

  private static double at(List<Long> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1000.0;
  }
}
