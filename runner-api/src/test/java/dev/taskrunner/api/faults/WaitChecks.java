package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks of {@link WaitsScenario}, on the tasks' final views and their own start and end marks. */
final class WaitChecks {
  private final String prefix;
  private final WaitPlan plan;
  private final Path markers;
  private final Figures figures;
  /** Start and end (epoch nanoseconds) of each task that ran once. */
  private final Map<String, long[]> ran = new HashMap<>();

  WaitChecks(String prefix, WaitPlan plan, Path markers, Figures figures) {
    this.prefix = prefix;
    this.plan = plan;
    this.markers = markers;
    this.figures = figures;
  }

  void check(Map<String, JsonNode> views, Set<String> accepted) throws IOException {
    figures.lost = 0;
    figures.startedTwice = 0;
    for (WaitPlan.Task t : plan.tasks) {
      figures.inputsTried++;
      String id = prefix + t.name();
      JsonNode view = views.get(id);
      if (!accepted.contains(id) || view == null || !"exited".equals(view.path("state").asText())) {
        figures.lost++;
        figures.note("not exited: %s -> %s", id, view);
        continue;
      }
      marks(t, view);
    }
    overlaps();
    order();
    figures.note("%d tasks ran once; the contenders took %d ms from the first start to the last end", ran.size(),
        span() / 1_000_000);
  }

  /** Reads a task's marks and checks them against how it must have ended. */
  private void marks(WaitPlan.Task t, JsonNode view) throws IOException {
    Path marker = markers.resolve(prefix + t.name());
    List<String> lines = Files.exists(marker) ? Files.readAllLines(marker) : List.of();
    long starts = lines.stream().filter(l -> l.startsWith("start ")).count();
    if (starts > 1) {
      figures.startedTwice++;
      figures.note("started %d times: %s", starts, t.name());
    }
    String outcome = view.path("outcome").asText();
    if (t.reason() != null) {
      String reason = String.format(t.reason(), prefix);
      if (starts > 0 || !"canceled".equals(outcome) || !reason.equals(view.path("reason").asText())) {
        figures.fail("%s: expected canceled '%s' without running, got %d starts, %s", t.name(), reason, starts, view);
      }
    } else if (t.runs()) {
      String expected = t.name().equals("f0") ? "failed" : "succeeded";
      if (starts != 1 || lines.size() != 2 || !expected.equals(outcome)) {
        figures.fail("%s: expected one run ending %s, got %s and %s", t.name(), expected, lines, view);
      } else {
        ran.put(t.name(), new long[] {value(lines.get(0)), value(lines.get(1))});
      }
    } else if (!"canceled".equals(outcome)) {
      figures.fail("%s: stopped, expected canceled, got %s", t.name(), view);
    }
  }

  /** No two tasks held a resource at once unless both held it shared. */
  private void overlaps() {
    int pairs = 0;
    for (WaitPlan.Task a : plan.tasks) {
      for (WaitPlan.Task b : plan.tasks) {
        if (a.name().compareTo(b.name()) < 0 && conflict(a, b) && ran.containsKey(a.name()) && ran.containsKey(b.name())) {
          pairs++;
          long[] x = ran.get(a.name());
          long[] y = ran.get(b.name());
          if (x[0] < y[1] && y[0] < x[1]) {
            figures.fail("%s and %s overlapped on a resource one held exclusive: %s-%s, %s-%s", a.name(), b.name(),
                x[0], x[1], y[0], y[1]);
          }
        }
      }
    }
    figures.note("%d pairs of conflicting holders checked for overlap", pairs);
  }

  /** Conflicting tasks ran in acceptance order; every task started after each task it runs after ended. */
  private void order() {
    List<WaitPlan.Task> tasks = plan.tasks;
    for (int i = 0; i < tasks.size(); i++) {
      WaitPlan.Task later = tasks.get(i);
      long[] l = ran.get(later.name());
      for (int j = 0; l != null && j < i; j++) {
        WaitPlan.Task earlier = tasks.get(j);
        long[] e = ran.get(earlier.name());
        boolean mustFollow = (conflict(earlier, later) && earlier.after().isEmpty()) || later.after().contains(earlier.name());
        if (e != null && mustFollow && l[0] < e[1]) {
          figures.fail("%s started before %s ended, though it %s", later.name(), earlier.name(),
              later.after().contains(earlier.name()) ? "runs after it" : "was queued behind it on a resource");
        }
      }
    }
  }

  private static boolean conflict(WaitPlan.Task a, WaitPlan.Task b) {
    for (String r : a.exclusive()) {
      if (b.exclusive().contains(r) || b.shared().contains(r)) {
        return true;
      }
    }
    return b.exclusive().stream().anyMatch(a.shared()::contains);
  }

  private long span() {
    long first = Long.MAX_VALUE;
    long last = 0;
    for (int i = 0; i < WaitPlan.CONTENDERS; i++) {
      long[] r = ran.get("c" + i);
      if (r != null) {
        first = Math.min(first, r[0]);
        last = Math.max(last, r[1]);
      }
    }
    return Math.max(0, last - first);
  }

  private static long value(String line) {
    return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
  }
}
