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
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** Steps the phases share: starting a node, submitting, waiting for states. */
@SuppressWarnings("unused")
final class Steps {
  private Steps() {}

  // ---------------------------------------------------------------- shared steps

  /**
   * Starts a node on {@code root} (seeded with the runner class archive an earlier node made, if
   * any) and waits until its class archive is ready, so what follows measures the steady state.
   */
  static Node startNode(Path jar, Path root, String what, String... flags) throws Exception {
    seedClassArchive(root);
    Node node = Node.start(Main.nodeJvmOptions, Map.of(), jar, root, Deadline.of(what + ": node start", 60), flags);
    System.out.printf("%s: start to ready: %.0f ms (%s); %s%n", what, node.readyMillis(), node.breakdown(), node.setting("maxRunningTasks"));
    String archive = node.awaitClassArchive(Deadline.of(what + ": runner class archive", 150));
    System.out.printf("  %s%n", archive);
    if (!archive.startsWith("runner class archive ready")) {
      archiveTrouble = what + ": " + archive;
    }
    return node;
  }

  /** Copies the ready archive files (not temporary ones, not training directories) into {@code root}/.cds. */
  static void seedClassArchive(Path root) throws IOException {
    Files.createDirectories(root);
    if (readyArchiveDir == null) {
      return;
    }
    Path target = Files.createDirectories(root.resolve(".cds"));
    try (Stream<Path> files = Files.list(readyArchiveDir)) {
      for (Path f : files.filter(Node::isArchiveFile).toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
  }

  record Submitted(String[] ids, Instant[] before, List<Double> postMs, long firstSendNanos, long lastAnswerNanos) {}

  /**
   * POSTs {@code n} copies of {@code definition} from {@code threads} threads, each over a
   * keep-alive connection of its own written by hand ({@link RawClient}): the JDK HttpClient's own
   * CPU, seconds of it in a burst, would count in every answer's latency.
   */
  static Submitted submitConcurrently(Node node, String definition, int n, int threads, Deadline dl)
      throws Exception {
    String[] ids = new String[n];
    Instant[] before = new Instant[n];
    long[] sent = new long[n];
    long[] answered = new long[n];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = pool(threads);
    List<Future<Object>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        try (RawClient raw = new RawClient(node)) { // connected before the start: a burst from clients already connected
          go.await();
          for (int i = next.getAndIncrement(); i < n && dl.remainingMillis() > 0; i = next.getAndIncrement()) {
            before[i] = Instant.now();
            sent[i] = System.nanoTime();
            String created = submit(raw, definition, dl);
            answered[i] = System.nanoTime();
            ids[i] = field(created, "taskId");
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<Object> f : futures) {
      dl.await(f, "submitting " + n + " tasks");
    }
    pool.shutdownNow();
    List<Double> postMs = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      if (ids[i] == null) {
        dl.check("submitting " + n + " tasks");
        throw new IllegalStateException("task " + i + " was not submitted");
      }
      postMs.add((answered[i] - sent[i]) / 1e6);
      first = Math.min(first, sent[i]);
      last = Math.max(last, answered[i]);
    }
    return new Submitted(ids, before, postMs, first, last);
  }

  /**
   * POST /v1/tasks over {@code raw}; the body of its 201. A 503 (the node refused the task,
   * nothing was created) is counted and retried every 50 ms until the phase deadline; the latency
   * a caller measures includes the retries.
   */
  static String submit(RawClient raw, String definition, Deadline dl) throws Exception {
    while (true) {
      RawClient.Answer a = raw.exchange("/v1/tasks", definition);
      if (a.status() != 503) {
        if (a.status() != 201) {
          throw new IllegalStateException("POST /v1/tasks: " + a.status() + " " + a.body());
        }
        return a.body();
      }
      unavailable.incrementAndGet();
      if (firstUnavailable == null) {
        firstUnavailable = a.body();
      }
      dl.check("retrying a POST answered 503 " + abbreviate(a.body()));
      Thread.sleep(50);
    }
  }

  /** Polls every 5 ms until the task is exited or lost; returns its view, which must be succeeded. */
  static String awaitFinal(Node node, HttpClient client, String id, Deadline dl) throws Exception {
    while (true) {
      dl.check("waiting for task " + id + " to exit");
      String view = body(send(client, get(node, "/v1/tasks/" + id)), 200);
      String state = field(view, "state");
      if ("exited".equals(state) || "lost".equals(state)) {
        notePid(view);
        requireSucceeded(id, view);
        return view;
      }
      Thread.sleep(5);
    }
  }

  /** Polls every 20 ms until the task is in {@code state}. */
  static void awaitState(Node node, HttpClient client, String id, String state, Deadline dl) throws Exception {
    while (!state.equals(field(body(send(client, get(node, "/v1/tasks/" + id)), 200), "state"))) {
      dl.check("waiting for task " + id + " to be " + state);
      Thread.sleep(20);
    }
  }

  /**
   * Polls every 50 ms until at least {@code target} tasks are final; returns System.nanoTime() then.
   * (Each poll is two listings the node answers on the same two cores as its runners: polled
   * faster, the bench would slow what it measures; 50 ms is under 0.2 % of a burst.)
   */
  static long awaitFinalCount(Node node, HttpClient client, int target, Deadline dl) throws Exception {
    while (true) {
      int exited = count(node, client, "exited");
      int lost = count(node, client, "lost");
      if (exited + lost >= target) {
        return System.nanoTime();
      }
      dl.check("waiting for " + target + " tasks to be final (now " + exited + " exited, " + lost + " lost)");
      Thread.sleep(50);
    }
  }

  /** Waits until every task in {@code ids} shows running with its runner's first status; returns id -> pid. */
  static Map<String, String> awaitLive(Node node, HttpClient client, List<String> ids, Deadline dl) throws Exception {
    Map<String, String> running = new LinkedHashMap<>();
    while (true) {
      for (String id : ids) {
        if (!running.containsKey(id)) {
          String v = body(send(client, get(node, "/v1/tasks/" + id)), 200);
          notePid(v);
          if ("running".equals(field(v, "state")) && field(v, "startedAt") != null && field(v, "pid") != null) {
            running.put(id, field(v, "pid"));
          }
        }
      }
      if (running.size() == ids.size()) {
        return running;
      }
      dl.check("waiting for " + ids.size() + " sleeping tasks to run (" + running.size() + " running)");
      Thread.sleep(200);
    }
  }

  /** X-Total-Count of {@code GET /v1/tasks?state=STATE&limit=0} (all tasks when state is null). */
  static int count(Node node, HttpClient client, String state) throws Exception {
    HttpResponse<String> r = send(client, get(node, "/v1/tasks?limit=0" + (state == null ? "" : "&state=" + state)));
    body(r, 200);
    return Integer.parseInt(r.headers().firstValue("X-Total-Count")
        .orElseThrow(() -> new IllegalStateException("no X-Total-Count header")));
  }

  static void requireSucceeded(String id, String view) {
    if (!"exited".equals(field(view, "state")) || !"succeeded".equals(field(view, "outcome"))) {
      throw new IllegalStateException("task " + id + " did not succeed: " + view);
    }
  }

  static void notePid(String view) {
    String pid = field(view, "pid");
    if (pid != null) {
      runnerPids.add(Long.parseLong(pid));
    }
  }

  /** Runs jcmd PID GC.run with the node's JDK (a full GC, which lets G1 give memory back); false when it cannot. */
  static boolean jcmdGc(Node node) throws InterruptedException {
    Path jcmd = Path.of(nodeJava).resolveSibling("jcmd");
    if (!Files.isExecutable(jcmd)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(node.process.pid()), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The version {@code java -version} prints, e.g. {@code 17.0.15}. */
  static String javaVersion(String java) throws Exception {
    Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("version \"([^\"]+)\"").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException(java + " -version said: " + abbreviate(out));
    }
    return m.group(1);
  }

  /** Whether the node's {@code --help} lists {@code flag}. */
  static boolean knowsFlag(Path jar, String flag) throws Exception {
    Process p = new ProcessBuilder(nodeJava, "-jar", jar.toString(), "--help").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    if (!out.contains("Usage")) {
      throw new IllegalStateException("the node's --help said: " + abbreviate(out));
    }
    return out.contains(flag + " ");
  }

}
