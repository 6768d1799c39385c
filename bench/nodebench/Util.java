package nodebench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import static nodebench.Bench.*;
import static nodebench.Main.*;
import static nodebench.NodePhases.*;
import static nodebench.Pollers.*;
import static nodebench.RestartPhase.*;
import static nodebench.Steps.*;
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;

/** Deadlines, pools, percentiles, /proc readings. */
@SuppressWarnings("unused")
final class Util {
  private Util() {}

  // ---------------------------------------------------------------- small helpers

  record Deadline(String phase, long endNanos, int seconds) {
    static Deadline of(String phase, int seconds) {
      return new Deadline(phase, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), seconds);
    }

    void check(String doing) {
      if (System.nanoTime() > endNanos) {
        throw new IllegalStateException(phase + ": hard deadline of " + seconds + " s exceeded while " + doing);
      }
    }

    long remainingMillis() {
      return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
    }

    <T> T await(Future<T> f, String doing) throws Exception {
      try {
        return f.get(Math.max(1, remainingMillis()), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        check(doing);
        throw new IllegalStateException(phase + ": timed out while " + doing);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception ex ? ex : e;
      }
    }
  }

  static ExecutorService pool(int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-client");
      t.setDaemon(true);
      return t;
    });
    pools.add(pool);
    return pool;
  }

  static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  static List<Double> sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }

  static String stats(List<Double> values, int decimals) {
    List<Double> sorted = sorted(values);
    String f = "%." + decimals + "f";
    return String.format("median " + f + " ms, p99 " + f + " ms, min " + f + " ms, max " + f + " ms (n=%d)",
        pct(sorted, 50), pct(sorted, 99), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
  }

  /** The p-th percentile of sorted values (nearest rank). */
  static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }

  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** The number in {@code key: N kB} of a /proc file; 0 when the file or key is missing. */
  static long procKb(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

}
