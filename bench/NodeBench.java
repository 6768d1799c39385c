import java.io.BufferedReader;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * The HTTP node under load, end to end: the packaged daemon started as a real process
 * ({@code java -jar runner-api.jar --port 0 --work-root TMP}), driven over HTTP on 127.0.0.1 with
 * {@link HttpClient}, its runners real JVMs.
 *
 * <ol>
 *   <li>POST latency and POST → {@code running} (the runner's {@code startedAt}) over 200 short
 *       tasks submitted one after another, each waited for until it exits.
 *   <li>Launch throughput: 200 short tasks submitted at once by 16 client threads, first POST to all
 *       {@code exited}; POST → {@code startedAt} within the burst.
 *   <li>Restart to ready with 1,000 task directories, 100 of them live runners: kill -9 the node,
 *       start a new one on the same work root, time process start → {@code listening on}; check the
 *       100 are {@code running} again, then stop them.
 *   <li>{@code GET /v1/tasks/{id}} latency and throughput under 32 concurrent pollers.
 * </ol>
 * Also the node's idle RSS before and after load. Phases 1, 2 and 4 run on one node (default
 * settings), phase 3 on its own work root with {@code --max-running-tasks 128}.
 *
 * <p>The jar is copied to a temporary directory first, so a concurrent rebuild cannot change it
 * under the node (its runners use the node's class path, i.e. the copy). Every phase has a hard
 * deadline; the node and every runner it started are killed at the end, even on failure.
 *
 * <p>Run: {@code java bench/NodeBench.java [runner-api/target/runner-api.jar]}
 */
public class NodeBench {
  static final String ECHO = "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]}";
  static final String SLEEPER = "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 600\"]}";
  static final int SEQUENTIAL = 200;
  static final int SEQUENTIAL_WARMUP = 10;
  static final int BURST = 200;
  static final int BURST_THREADS = 16;
  static final int RESTART_FINISHED = 900;
  static final int RESTART_LIVE = 100;
  static final int RESTART_MAX_RUNNING = 128;
  static final int POLLERS = 32;
  static final int GETS_PER_POLLER = 500;
  static final int GET_WARMUP_PER_POLLER = 20;
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(15);
  static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
  static final Pattern OBJECT = Pattern.compile("\\{(?:[^{}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\}");
  static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  static Path tmpRoot;
  static final Set<Node> nodes = ConcurrentHashMap.newKeySet();
  static final Set<Long> runnerPids = ConcurrentHashMap.newKeySet();
  static final List<ExecutorService> pools = Collections.synchronizedList(new ArrayList<>());
  static final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  static volatile boolean cleanedUp;
  /** POSTs of a task answered 503 and retried (see {@link #submit}). */
  static final AtomicInteger unavailable = new AtomicInteger();
  static volatile String firstUnavailable;

  public static void main(String[] args) throws Exception {
    long benchStart = System.nanoTime();
    Path source = Path.of(args.length > 0 ? args[0] : "runner-api/target/runner-api.jar").toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      System.err.println("NodeBench: no jar at " + source + " (build it with mvn -q -B package -DskipTests)");
      System.exit(2);
    }
    tmpRoot = Files.createTempDirectory("node-bench");
    Path jar = tmpRoot.resolve("runner-api.jar");
    Files.copy(source, jar);
    Runtime.getRuntime().addShutdownHook(new Thread(NodeBench::cleanup, "node-bench-cleanup"));
    boolean ok = false;
    try {
      System.out.printf("JDK: %s (%s), %d cores, MemTotal %.1f GB; jar %s (copied to %s)%n",
          System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
          Runtime.getRuntime().availableProcessors(), procKb("self", "/proc/meminfo", "MemTotal") / 1048576.0, source, jar);
      System.out.println("machine before the bench: loadavg " + loadavg() + " (other work on this machine skews every figure below)");
      List<String> ids = onDefaultNode(jar);
      restartPhase(jar);
      ok = true;
      System.out.printf("total bench time: %.0f s%n", (System.nanoTime() - benchStart) / 1e9);
    } catch (Exception | Error e) {
      System.out.println("FAILED: " + e);
      e.printStackTrace(System.out);
    } finally {
      cleanup();
      printWarnings();
      if (unavailable.get() > 0) {
        System.out.println("POSTs answered 503 and retried: " + unavailable.get() + "; first answer: " + firstUnavailable);
      }
      if (ok) {
        deleteTree(tmpRoot);
      } else {
        System.out.println("kept for inspection (node logs, task directories): " + tmpRoot);
      }
    }
    System.exit(ok ? 0 : 1);
  }

  // ---------------------------------------------------------------- phases 1, 2, 4 (default node)

  static List<String> onDefaultNode(Path jar) throws Exception {
    Node node = Node.start(jar, tmpRoot.resolve("w-main"), Deadline.of("node start", 60));
    System.out.printf("node start to ready (empty work root): %.0f ms (%s); %s%n",
        node.readyMillis(), node.breakdown(), node.setting("maxRunningTasks"));
    HttpClient client = client();
    // an idle node that has served one request (its HTTP stack loaded)
    expect(send(client, get(node, "/health")), 200);
    Thread.sleep(2000);
    long idleRss = node.rssKb();
    System.out.printf("daemon idle RSS before load: %.1f MB (VmRSS; after 1 request and 2 s idle)%n", idleRss / 1024.0);

    List<String> ids = new ArrayList<>();
    ids.addAll(sequential(node, client));
    ids.addAll(burst(node, client));
    pollers(node, ids);

    Thread.sleep(3000);
    System.out.printf("daemon idle RSS after load: %.1f MB (was %.1f MB; %d tasks known, 3 s idle, no forced GC); daemon CPU so far %.1f s%n",
        node.rssKb() / 1024.0, idleRss / 1024.0, ids.size(), node.cpuSeconds());
    String gc = jcmdGc(node);
    if (gc != null) {
      Thread.sleep(1000);
      System.out.printf("  daemon RSS after a full GC (jcmd GC.run, for comparison): %.1f MB%n", node.rssKb() / 1024.0);
    }
    node.stop();
    return ids;
  }

  /** Phase 1: one task after another, each waited for until it exits before the next POST. */
  static List<String> sequential(Node node, HttpClient client) throws Exception {
    Deadline dl = Deadline.of("phase 1 (sequential)", 150);
    List<Double> postMs = new ArrayList<>();
    List<Double> runningMs = new ArrayList<>();
    List<Double> exitedMs = new ArrayList<>();
    List<Double> ownMs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Load load = Load.start(node);
    for (int i = 0; i < SEQUENTIAL_WARMUP + SEQUENTIAL; i++) {
      dl.check("submitting task " + i);
      Instant before = Instant.now();
      long t0 = System.nanoTime();
      HttpResponse<String> created = submit(client, node, ECHO, dl);
      long t1 = System.nanoTime();
      expect(created, 201);
      String id = field(created.body(), "taskId");
      ids.add(id);
      String view = awaitFinal(node, client, id, dl);
      Instant startedAt = Instant.parse(required(view, "startedAt"));
      Instant finishedAt = Instant.parse(required(view, "finishedAt"));
      if (i >= SEQUENTIAL_WARMUP) {
        postMs.add((t1 - t0) / 1e6);
        runningMs.add(millis(before, startedAt));
        exitedMs.add(millis(before, finishedAt));
        ownMs.add(millis(startedAt, finishedAt));
      }
    }
    String cpu = load.end();
    System.out.printf("POST latency (%d sequential, after %d warm-up; each task waited to exit before the next POST): %s%n",
        SEQUENTIAL, SEQUENTIAL_WARMUP, stats(postMs, 1));
    System.out.printf("POST -> running (runner's startedAt - wall clock before send), %d sequential: %s%n",
        SEQUENTIAL, stats(runningMs, 1));
    System.out.printf("  POST -> exited (runner's finishedAt), same tasks: %s%n", stats(exitedMs, 1));
    System.out.printf("  runner's own startedAt -> finishedAt (ECHO hi), same tasks: %s%n", stats(ownMs, 1));
    System.out.printf("  (phase 1 load, status polled every 5 ms: %s)%n", cpu);
    return ids;
  }

  /** Phase 2: 200 tasks submitted at once by 16 threads; first POST sent until all exited. */
  static List<String> burst(Node node, HttpClient client) throws Exception {
    Deadline dl = Deadline.of("phase 2 (burst)", 120);
    int finalBefore = count(node, client, "exited") + count(node, client, "lost");
    Load load = Load.start(node);
    Submitted s = submitConcurrently(node, client, ECHO, BURST, BURST_THREADS, dl);
    long end = awaitFinalCount(node, client, finalBefore + BURST, dl);
    String cpu = load.end();
    List<Double> runningMs = new ArrayList<>();
    Instant lastFinish = Instant.MIN;
    Instant firstBefore = Instant.MAX;
    for (int i = 0; i < BURST; i++) {
      dl.check("reading the burst's views");
      String view = body(send(client, get(node, "/v1/tasks/" + s.ids[i])), 200);
      requireSucceeded(s.ids[i], view);
      runningMs.add(millis(s.before[i], Instant.parse(required(view, "startedAt"))));
      Instant finished = Instant.parse(required(view, "finishedAt"));
      lastFinish = finished.isAfter(lastFinish) ? finished : lastFinish;
      firstBefore = s.before[i].isBefore(firstBefore) ? s.before[i] : firstBefore;
    }
    double seconds = (end - s.firstSendNanos) / 1e9;
    System.out.printf("launch throughput (%d ECHO tasks POSTed at once by %d client threads, node maxRunningTasks=%s): %.1f tasks/s (first POST sent -> all %d exited seen by polling: %.2f s; -> last finishedAt: %.2f s)%n",
        BURST, BURST_THREADS, node.setting("maxRunningTasks").replace("maxRunningTasks=", ""), BURST / seconds, BURST, seconds,
        millis(firstBefore, lastFinish) / 1000);
    System.out.printf("  POST -> running (startedAt) within the burst: %s%n", stats(runningMs, 0));
    System.out.printf("  POST latency within the burst (%d concurrent senders): %s; all %d POSTs answered in %.2f s; %s%n",
        BURST_THREADS, stats(s.postMs, 1), BURST, (s.lastAnswerNanos - s.firstSendNanos) / 1e9, cpu);
    return List.of(s.ids);
  }

  /** Phase 4: 32 threads, each with its own HttpClient, each doing up to 500 sequential GETs. */
  static void pollers(Node node, List<String> ids) throws Exception {
    Deadline dl = Deadline.of("phase 4 (pollers)", 90);
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
      throw new IllegalStateException("phase 4: pollers did not warm up");
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
    System.out.printf("GET /v1/tasks/{id} under %d concurrent pollers (one HttpClient per thread, HTTP/1.1 keep-alive; %d ids; %d of %d planned GETs): %s; %.0f requests/s in %.2f s; %s%n",
        POLLERS, ids.size(), ms.size(), POLLERS * GETS_PER_POLLER, stats(ms, 2), ms.size() / seconds, seconds, cpu);
  }

  // ---------------------------------------------------------------- phase 3 (restart)

  static void restartPhase(Path jar) throws Exception {
    Path root = tmpRoot.resolve("w-restart");
    String maxRunning = Integer.toString(RESTART_MAX_RUNNING);
    Node first = Node.start(jar, root, Deadline.of("phase 3 (first node start)", 60), "--max-running-tasks", maxRunning);
    HttpClient client = client();

    Deadline build = Deadline.of("phase 3 (building 1,000 task directories)", 240);
    Load load = Load.start(first);
    Submitted finished = submitConcurrently(first, client, ECHO, RESTART_FINISHED, BURST_THREADS, build);
    long allExited = awaitFinalCount(first, client, RESTART_FINISHED, build);
    String cpu = load.end();
    int lost = count(first, client, "lost");
    if (lost > 0) {
      throw new IllegalStateException("phase 3: " + lost + " of the " + RESTART_FINISHED + " short tasks ended lost");
    }
    double buildSeconds = (allExited - finished.firstSendNanos) / 1e9;
    System.out.printf("  (phase 3 setup: %d ECHO tasks at maxRunningTasks=%d: %.1f tasks/s, %.1f s; %s)%n",
        RESTART_FINISHED, RESTART_MAX_RUNNING, RESTART_FINISHED / buildSeconds, buildSeconds, cpu);

    Submitted live = submitConcurrently(first, client, SLEEPER, RESTART_LIVE, BURST_THREADS, build);
    Set<String> liveIds = Set.of(live.ids);
    Map<String, String> running = awaitLive(first, client, liveIds, build);
    long dirs = taskDirectories(root);
    if (dirs != RESTART_FINISHED + RESTART_LIVE) {
      throw new IllegalStateException("phase 3: expected " + (RESTART_FINISHED + RESTART_LIVE) + " task directories, found " + dirs);
    }
    System.out.printf("  (phase 3 setup: %d task directories, %d runners live; daemon RSS %.1f MB; killing the node with SIGKILL)%n",
        dirs, running.size(), first.rssKb() / 1024.0);

    Thread.sleep(3000); // let the sleepers' JVMs finish starting up: the restart then competes with nothing but heartbeats
    first.process.destroyForcibly();
    if (!first.process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("phase 3: the killed node did not exit");
    }
    long survivors = running.values().stream().filter(pid -> ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)).count();

    Load restartLoad = Load.start(null);
    Node second = Node.start(jar, root, Deadline.of("phase 3 (restart)", 90), "--max-running-tasks", maxRunning);
    String restartCpu = restartLoad.end();
    System.out.printf("node restart to ready (%d task dirs, %d live runners, %d of them alive after kill -9): %.0f ms (process start -> 'listening on' line; %s)%n",
        dirs, RESTART_LIVE, survivors, second.readyMillis(), second.breakdown());
    System.out.printf("  node's own line: %s%n", second.recoveredLine == null ? "(no 'recovered N tasks' line)" : second.recoveredLine);
    System.out.printf("  (restart: %s; restarted node CPU %.1f s)%n", restartCpu, second.cpuSeconds());

    Deadline verify = Deadline.of("phase 3 (verify and stop)", 90);
    HttpResponse<String> list = send(client, get(second, "/v1/tasks?state=running&limit=1000"));
    List<String> views = objects(body(list, 200));
    Set<String> runningNow = new HashSet<>();
    for (String v : views) {
      runningNow.add(field(v, "taskId"));
      notePid(v);
    }
    Set<String> missing = new HashSet<>(liveIds);
    missing.removeAll(runningNow);
    int total = count(second, client, null);
    int exited = count(second, client, "exited");
    System.out.printf("  after restart: GET /v1/tasks?state=running&limit=1000 -> %d tasks (X-Total-Count %s), %d of the %d live ones %s; %d tasks known, %d exited, RSS %.1f MB%n",
        views.size(), list.headers().firstValue("X-Total-Count").orElse("?"), RESTART_LIVE - missing.size(), RESTART_LIVE,
        missing.isEmpty() ? "(all)" : "(MISSING: " + missing.stream().limit(5).toList() + ")", total, exited, second.rssKb() / 1024.0);
    if (!missing.isEmpty() || views.size() != RESTART_LIVE || total != RESTART_FINISHED + RESTART_LIVE || exited != RESTART_FINISHED) {
      throw new IllegalStateException("phase 3: the restarted node does not show the expected tasks (see above)");
    }

    ExecutorService pool = pool(BURST_THREADS);
    long t0 = System.nanoTime();
    List<Future<String>> stops = new ArrayList<>();
    for (String id : live.ids) {
      stops.add(pool.submit(() -> {
        long s0 = System.nanoTime();
        String view = body(send(client, post(second, "/v1/tasks/" + id + "/stop", "")), 200);
        return ((System.nanoTime() - s0) / 1_000_000) + " " + view;
      }));
    }
    List<Double> stopMs = new ArrayList<>();
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (Future<String> f : stops) {
      String answer = verify.await(f, "stopping the live tasks");
      stopMs.add(Double.parseDouble(answer.substring(0, answer.indexOf(' '))));
      String view = answer.substring(answer.indexOf(' ') + 1);
      outcomes.merge(field(view, "state") + "/" + field(view, "outcome"), 1, Integer::sum);
    }
    double stopSeconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdownNow();
    awaitFinalCount(second, client, RESTART_FINISHED + RESTART_LIVE, verify);
    long stillAlive = 0;
    for (String pid : running.values()) {
      ProcessHandle p = ProcessHandle.of(Long.parseLong(pid)).orElse(null);
      while (p != null && p.isAlive() && verify.remainingMillis() > 0 && isRunner(p.pid())) {
        Thread.sleep(20);
      }
      stillAlive += p != null && p.isAlive() && isRunner(p.pid()) ? 1 : 0;
    }
    System.out.printf("  stop of the %d recovered tasks (16 threads, POST /stop): all in %.2f s; per request %s; answers %s; runner processes still alive: %d%n",
        RESTART_LIVE, stopSeconds, stats(stopMs, 0), outcomes, stillAlive);

    // For comparison: stopping tasks this node launched itself (it is their parent and sees their exit at once).
    Submitted own = submitConcurrently(second, client, SLEEPER, 8, 8, verify);
    awaitLive(second, client, Set.of(own.ids), verify);
    List<Double> ownStopMs = new ArrayList<>();
    for (String id : own.ids) {
      long s0 = System.nanoTime();
      String view = body(send(client, post(second, "/v1/tasks/" + id + "/stop", "")), 200);
      ownStopMs.add((System.nanoTime() - s0) / 1e6);
      if (!"canceled".equals(field(view, "outcome"))) {
        throw new IllegalStateException("phase 3: stop of " + id + " answered " + view);
      }
    }
    System.out.printf("  for comparison, stop of 8 tasks the restarted node launched itself (one at a time): %s%n", stats(ownStopMs, 0));
    second.stop();
  }

  /** Waits until every id in {@code live} shows running with its runner's first status; returns id -> pid. */
  static Map<String, String> awaitLive(Node node, HttpClient client, Set<String> live, Deadline dl) throws Exception {
    while (true) {
      dl.check("waiting for the " + live.size() + " sleeping tasks to run");
      Map<String, String> running = new LinkedHashMap<>();
      for (String v : objects(body(send(client, get(node, "/v1/tasks?state=running&limit=1000")), 200))) {
        notePid(v);
        String id = field(v, "taskId");
        if (live.contains(id) && field(v, "startedAt") != null && field(v, "pid") != null) {
          running.put(id, field(v, "pid"));
        }
      }
      if (running.size() == live.size()) {
        return running;
      }
      Thread.sleep(200);
    }
  }

  /** Runs jcmd PID GC.run (a full GC, which lets G1 give memory back); null when jcmd is missing or fails. */
  static String jcmdGc(Node node) throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return null;
    }
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(node.process.pid()), "GC.run").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }

  static long taskDirectories(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  // ---------------------------------------------------------------- shared steps

  record Submitted(String[] ids, Instant[] before, List<Double> postMs, long firstSendNanos, long lastAnswerNanos) {}

  /** POSTs {@code n} copies of {@code definition} from {@code threads} threads sharing one client. */
  static Submitted submitConcurrently(Node node, HttpClient client, String definition, int n, int threads, Deadline dl)
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
        go.await();
        for (int i = next.getAndIncrement(); i < n && dl.remainingMillis() > 0; i = next.getAndIncrement()) {
          before[i] = Instant.now();
          sent[i] = System.nanoTime();
          HttpResponse<String> r = submit(client, node, definition, dl);
          answered[i] = System.nanoTime();
          ids[i] = field(body(r, 201), "taskId");
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
   * POST /v1/tasks; a 503 (the node refused the task, nothing was created) is counted and retried
   * every 50 ms until the phase deadline. The latency a caller measures includes the retries.
   */
  static HttpResponse<String> submit(HttpClient client, Node node, String definition, Deadline dl) throws Exception {
    while (true) {
      HttpResponse<String> r = send(client, post(node, "/v1/tasks", definition));
      if (r.statusCode() != 503) {
        return r;
      }
      unavailable.incrementAndGet();
      if (firstUnavailable == null) {
        firstUnavailable = r.body();
      }
      dl.check("retrying a POST answered 503 " + abbreviate(r.body()));
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

  /** Polls every 10 ms until at least {@code target} tasks are final; returns System.nanoTime() then. */
  static long awaitFinalCount(Node node, HttpClient client, int target, Deadline dl) throws Exception {
    while (true) {
      int exited = count(node, client, "exited");
      int lost = count(node, client, "lost");
      if (exited + lost >= target) {
        return System.nanoTime();
      }
      dl.check("waiting for " + target + " tasks to be final (now " + exited + " exited, " + lost + " lost)");
      Thread.sleep(10);
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

  // ---------------------------------------------------------------- the node process

  static final class Node {
    final Process process;
    final Path workRoot;
    final Instant startedAt;
    final long startNanos;
    final CompletableFuture<String> listening = new CompletableFuture<>();
    volatile long listeningNanos;
    volatile String startingLine;
    volatile String recoveredLine;
    volatile String listeningLine;
    String base;

    private Node(Process process, Path workRoot, Instant startedAt, long startNanos) {
      this.process = process;
      this.workRoot = workRoot;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
    }

    static Node start(Path jar, Path workRoot, Deadline dl, String... extra) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--port", "0", "--work-root", workRoot.toString()));
      cmd.addAll(List.of(extra));
      Path log = tmpRoot.resolve("node-" + nodes.size() + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Instant startedAt = Instant.now();
      long startNanos = System.nanoTime();
      Process process = pb.start();
      Node node = new Node(process, workRoot, startedAt, startNanos);
      nodes.add(node);
      Thread reader = new Thread(() -> node.read(log), "node-stdout-" + process.pid());
      reader.setDaemon(true);
      reader.start();
      try {
        node.base = node.listening.get(dl.remainingMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        dl.check("waiting for the node's 'listening on' line (see " + log + ")");
        throw e;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage() + " (see " + log + ")");
      }
      return node;
    }

    private void read(Path log) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          Writer out = Files.newBufferedWriter(log)) {
        String line;
        while ((line = in.readLine()) != null) {
          long now = System.nanoTime();
          out.write(line);
          out.write('\n');
          out.flush();
          Matcher m = LISTENING.matcher(line);
          if (!listening.isDone() && m.find()) {
            listeningNanos = now;
            listeningLine = line;
            listening.complete(m.group(1));
          } else if (startingLine == null && line.contains(" - starting: ")) {
            startingLine = line;
          } else if (recoveredLine == null && line.contains("recovered ") && line.contains(" tasks")) {
            recoveredLine = line;
          } else if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")) {
            warnings.add("node " + process.pid() + ": " + line);
          }
        }
      } catch (IOException e) {
        // the node is gone
      }
      String exit;
      try {
        exit = process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
      } catch (InterruptedException e) {
        exit = "unknown";
      }
      listening.completeExceptionally(new IllegalStateException("the node's stdout closed before 'listening on' (exit code " + exit + ")"));
    }

    double readyMillis() {
      return (listeningNanos - startNanos) / 1e6;
    }

    /** JVM start to the 'starting' line, recovery, HTTP start: from the node's own log timestamps. */
    String breakdown() {
      Instant starting = logTime(startingLine);
      Instant recovered = logTime(recoveredLine);
      Instant listen = logTime(listeningLine);
      if (starting == null || recovered == null || listen == null) {
        return "no log timestamps";
      }
      return String.format("from log timestamps: JVM + config until 'starting' %.0f ms, recovery %.0f ms, HTTP server start %.0f ms",
          millis(startedAt, starting), millis(starting, recovered), millis(recovered, listen));
    }

    String setting(String key) {
      Matcher m = Pattern.compile("\\b" + key + "=\\S+").matcher(startingLine == null ? "" : startingLine);
      return m.find() ? m.group() : key + "=?";
    }

    long rssKb() {
      return procKb(Long.toString(process.pid()), "/proc/" + process.pid() + "/status", "VmRSS");
    }

    double cpuSeconds() {
      return cpu()[0];
    }

    /** [utime + stime, cutime + cstime] in seconds, from /proc/PID/stat (USER_HZ 100). */
    double[] cpu() {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: field 3 is f[0]; utime 14, stime 15, cutime 16, cstime 17
        return new double[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0,
            (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0};
      } catch (IOException | RuntimeException e) {
        return new double[] {Double.NaN, Double.NaN};
      }
    }

    void stop() throws InterruptedException {
      process.destroy(); // SIGTERM: the node closes its port; its tasks are all finished here
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }

    private static Instant logTime(String line) {
      if (line == null) {
        return null;
      }
      try {
        return LOG_TIME.parse(line.substring(0, line.indexOf(' ')), Instant::from);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

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

  // ---------------------------------------------------------------- cleanup

  /** Kills the nodes, then every runner this bench caused: pids from task views and status files, and any live runner whose command line names our temp directory. */
  static synchronized void cleanup() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    for (ExecutorService pool : List.copyOf(pools)) {
      pool.shutdownNow();
    }
    for (Node node : nodes) {
      node.process.destroyForcibly();
    }
    for (Node node : nodes) {
      try {
        node.process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Set<Long> pids = new HashSet<>(runnerPids);
    try (Stream<Path> s = Files.walk(tmpRoot, 3)) {
      s.filter(p -> p.getFileName().toString().equals("status.json")).forEach(p -> {
        try {
          String pid = field(Files.readString(p), "pid");
          if (pid != null) {
            pids.add(Long.parseLong(pid));
          }
        } catch (IOException | RuntimeException e) {
          // unreadable: the /proc scan below still finds a live runner
        }
      });
    } catch (IOException | RuntimeException e) {
      // ignore
    }
    // runners launched but not yet written a status: found by their task directory under tmpRoot
    ProcessHandle.allProcesses().filter(p -> isRunner(p.pid())).forEach(p -> pids.add(p.pid()));
    List<ProcessHandle> killed = new ArrayList<>();
    for (long pid : pids) {
      if (isRunner(pid)) {
        ProcessHandle.of(pid).ifPresent(p -> {
          if (p.destroyForcibly()) {
            killed.add(p);
          }
        });
      }
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle p : killed) {
      while (p.isAlive() && isRunner(p.pid()) && System.nanoTime() < until) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    System.out.printf("cleanup: nodes killed; %d runner processes were still alive and got SIGKILL (%d runner pids checked)%n",
        killed.size(), pids.size());
  }

  /** A live process whose command line is a TaskRunner in one of this bench's work roots. */
  static boolean isRunner(long pid) {
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains("TaskRunnerMain") && cmdline.contains(tmpRoot.toString());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static void printWarnings() {
    List<String> copy = List.copyOf(warnings);
    if (!copy.isEmpty()) {
      System.out.println("node log: " + copy.size() + " WARN/ERROR lines, first ones:");
      copy.stream().limit(8).forEach(l -> System.out.println("  " + l));
    } else {
      System.out.println("node log: no WARN/ERROR lines");
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.out.println("could not remove " + root + ": " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- HTTP and JSON

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpRequest get(Node node, String path) {
    return HttpRequest.newBuilder(URI.create(node.base + path)).timeout(HTTP_TIMEOUT).GET().build();
  }

  static HttpRequest post(Node node, String path, String json) {
    return HttpRequest.newBuilder(URI.create(node.base + path)).timeout(HTTP_TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + ": expected " + status + ", got "
          + r.statusCode() + " " + abbreviate(r.body()));
    }
  }

  static String body(HttpResponse<String> r, int status) {
    expect(r, status);
    return r.body();
  }

  static List<String> objects(String array) {
    List<String> out = new ArrayList<>();
    Matcher m = OBJECT.matcher(array);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** A top-level field of a flat JSON object: the string's text (escapes kept), the literal, or null for null. */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|null|true|false|-?[0-9][0-9.eE+-]*)")
        .matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no field " + name + " in " + abbreviate(json));
    }
    if (m.group(2) != null) {
      return m.group(2);
    }
    return m.group(1).equals("null") ? null : m.group(1);
  }

  static String required(String json, String name) {
    String value = field(json, name);
    if (value == null) {
      throw new IllegalStateException(name + " is null in " + abbreviate(json));
    }
    return value;
  }

  static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

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

  static String stats(List<Double> values, int decimals) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    String f = "%." + decimals + "f";
    return String.format("median " + f + " ms, p99 " + f + " ms, min " + f + " ms, max " + f + " ms (n=%d)",
        pct(sorted, 50), pct(sorted, 99), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
  }

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

  static long procKb(String pid, String file, String key) {
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
