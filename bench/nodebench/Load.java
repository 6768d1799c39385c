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
import static nodebench.Util.*;

/**
 * CPU over a stretch of work: machine-wide busy share (/proc/stat), the node's own CPU, its reaped
 * children's CPU (the runners it launched and waited for: cutime + cstime) and this bench's CPU.
 */
record Load(Node node, long[] stat, double[] nodeCpu, double benchCpuAtStart, long startNanos, int unavailableAtStart) {
  static Load start(Node node) {
    return new Load(node, procStat(), node == null ? new double[2] : node.cpu(), benchCpu(), System.nanoTime(), unavailable.get());
  }

  String end() {
    long[] now = procStat();
    long busy = (now[0] - now[1]) - (stat[0] - stat[1]);
    long total = now[0] - stat[0];
    double[] n = node == null ? new double[2] : node.cpu();
    double nodeS = n[0] - nodeCpu[0];
    double runnersS = n[1] - nodeCpu[1];
    double benchS = benchCpu() - benchCpuAtStart;
    double others = busy / 100.0 - (node == null ? 0 : nodeS + runnersS) - benchS;
    int refused = unavailable.get() - unavailableAtStart;
    if (node == null) {
      return String.format("over %.1f s: machine CPU busy %.0f%% of %d cores (all processes); loadavg %s",
          (System.nanoTime() - startNanos) / 1e9, total == 0 ? 0 : 100.0 * busy / total, Runtime.getRuntime().availableProcessors(), loadavg());
    }
    return String.format("over %.1f s: machine CPU busy %.0f%% of %d cores; CPU s: node %.1f, its runners %.1f (reaped), bench client %.1f, everything else %.1f; loadavg %s%s",
        (System.nanoTime() - startNanos) / 1e9, total == 0 ? 0 : 100.0 * busy / total, Runtime.getRuntime().availableProcessors(),
        nodeS, runnersS, benchS, others, loadavg(), refused == 0 ? "" : "; POSTs answered 503 and retried: " + refused);
  }

  static double benchCpu() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** [total jiffies, idle + iowait jiffies] of the "cpu" line. */
  static long[] procStat() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
