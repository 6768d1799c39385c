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
import static nodebench.RestartPhase.*;
import static nodebench.Steps.*;
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** GET /v1/tasks/{id} under 32 concurrent pollers: the JDK's HttpClient, then wrk. */
@SuppressWarnings("unused")
final class Pollers {
  private Pollers() {}

  static void pollers(Node node, List<String> ids) throws Exception {
    if (ids.isEmpty()) {
      throw new IllegalStateException("no tasks to poll (the phases that make them failed)");
    }
    Deadline dl = Deadline.of("pollers", 90);
    long budgetNanos = TimeUnit.SECONDS.toNanos(30);
    ExecutorService pool = pool(POLLERS);
    CountDownLatch warmedUp = new CountDownLatch(POLLERS);
    CountDownLatch go = new CountDownLatch(1);
    long[] startNanos = new long[1];
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < POLLERS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        HttpClient own = client();
        for (int i = 0; i < GET_WARMUP_PER_POLLER; i++) {
          body(send(own, get(node, "/v1/tasks/" + ids.get((thread * 31 + i) % ids.size()))), 200);
        }
        warmedUp.countDown();
        go.await();
        long[] latencies = new long[GETS_PER_POLLER];
        int n = 0;
        while (n < GETS_PER_POLLER && System.nanoTime() - startNanos[0] < budgetNanos) {
          String id = ids.get((thread * 97 + n * 7) % ids.size());
          long t0 = System.nanoTime();
          HttpResponse<String> r = send(own, get(node, "/v1/tasks/" + id));
          latencies[n++] = System.nanoTime() - t0;
          expect(r, 200);
        }
        return java.util.Arrays.copyOf(latencies, n);
      }));
    }
    if (!warmedUp.await(dl.remainingMillis(), TimeUnit.MILLISECONDS)) {
      dl.check("warming up the pollers");
      throw new IllegalStateException("pollers did not warm up");
    }
    Load load = Load.start(node);
    startNanos[0] = System.nanoTime();
    go.countDown();
    List<Double> ms = new ArrayList<>();
    for (Future<long[]> f : futures) {
      for (long l : dl.await(f, "waiting for the pollers")) {
        ms.add(l / 1e6);
      }
    }
    double seconds = (System.nanoTime() - startNanos[0]) / 1e9;
    String cpu = load.end();
    pool.shutdownNow();
    List<Double> sorted = sorted(ms);
    getP99.set(pct(sorted, 99), String.format("median %.2f ms, n=%d", pct(sorted, 50), ms.size()));
    getRate.set(ms.size() / seconds, "bench client on the same " + Runtime.getRuntime().availableProcessors() + " cores");
    System.out.printf("GET /v1/tasks/{id} under %d concurrent pollers (one HttpClient per thread, HTTP/1.1 keep-alive; %d ids; %d of %d planned GETs): %s; %.0f requests/s in %.2f s; %s%n",
        POLLERS, ids.size(), ms.size(), POLLERS * GETS_PER_POLLER, stats(ms, 2), ms.size() / seconds, seconds, cpu);
    if (onPath("wrk")) {
      wrkPollers(node, ids);
    } else {
      System.out.println("  (no wrk on PATH: the figures above are the rows; the JDK's HttpClient spends more CPU than the node it measures. apt-get install wrk)");
    }
  }

  /**
   * The same 32 pollers as {@code wrk} connections (a C client, so the node rather than the
   * client is measured): flat out for the throughput, then each connection pausing 2 ms between
   * its GETs (about 10,000 requests/s in all) for the p99 at that rate.
   */
  static void wrkPollers(Node node, List<String> ids) throws Exception {
    Path script = tmpRoot.resolve("pollers.lua");
    StringBuilder lua = new StringBuilder("local ids = {");
    for (String id : ids) {
      lua.append('"').append(id).append("\",");
    }
    lua.append("}\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(\"GET\", \"/v1/tasks/\" .. ids[n % #ids + 1])\nend\n");
    Files.writeString(script, lua + "if os.getenv(\"PACE_MS\") then delay = function() return tonumber(os.getenv(\"PACE_MS\")) end end\n");
    Wrk flat = wrk(node, script, null);
    Wrk paced = wrk(node, script, "2");
    System.out.printf("  wrk, %d connections, flat out: %.0f requests/s, p50 %.2f ms, p99 %.2f ms; paced (2 ms between a connection's GETs): %.0f requests/s, p50 %.2f ms, p99 %.2f ms%n",
        POLLERS, flat.rate(), flat.p50(), flat.p99(), paced.rate(), paced.p50(), paced.p99());
    getRate.set(flat.rate(), String.format("wrk, %d connections flat out; p99 %.2f ms there", POLLERS, flat.p99()));
    String note = String.format("wrk, %d connections paced to %.0f requests/s; median %.2f ms", POLLERS, paced.rate(), paced.p50());
    if (paced.rate() >= getRate.limit) {
      getP99.set(paced.p99(), note);
    } else {
      // The goal is a p99 at that rate: a lower rate's p99 is shown, but does not meet it.
      getP99.set(paced.p99(), String.format("%s, short of the %.0f requests/s the goal is for", note, getRate.limit));
      getP99.verdict = "MISSED";
    }
  }

  record Wrk(double rate, double p50, double p99) {}

  static Wrk wrk(Node node, Path script, String paceMs) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + POLLERS, "-d10s", "--latency", "-s", script.toString(), node.base + "/")
        .redirectErrorStream(true);
    if (paceMs != null) {
      pb.environment().put("PACE_MS", paceMs);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Non-2xx") || out.contains("Socket errors")) {
      throw new IllegalStateException("wrk failed or saw errors:\n" + out);
    }
    Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    if (!rate.find()) {
      throw new IllegalStateException("no rate in wrk's output:\n" + out);
    }
    return new Wrk(Double.parseDouble(rate.group(1)), wrkMillis(out, "50%"), wrkMillis(out, "99%"));
  }

  static double wrkMillis(String out, String percentile) {
    Matcher m = Pattern.compile("^\\s*" + percentile + "\\s+([0-9.]+)(us|ms|s)$", Pattern.MULTILINE).matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + percentile + " latency in wrk's output:\n" + out);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  static boolean onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

}
