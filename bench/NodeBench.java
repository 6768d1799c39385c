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

/**
 * The HTTP node under load, end to end: the packaged daemon started as a real process
 * ({@code java -jar runner-api.jar --port 0 --work-root TMP}), driven over HTTP on 127.0.0.1 with
 * {@link HttpClient}, its runners real JVMs. Every node waits until its runner class archive
 * ({@code <workRoot>/.cds}, made by a background training run at first start) is ready before
 * anything is measured, so the figures are the steady state; the archive made by the first node is
 * copied into later work roots so they need not train again.
 *
 * <ol>
 *   <li>Cold start (only when the jar knows {@code --warm-runners}): a node with
 *       {@code --warm-runners 0}; short tasks one after another, POST → {@code running} (the
 *       runner's first status write, its {@code startedAt}).
 *   <li>The default node: the same one-after-another tasks, each POSTed 300 ms after the previous
 *       one exited, so a warm runner is ready for it (without a warm pool in the jar this is the
 *       cold figure); its idle RSS.
 *   <li>Burst: 200 short tasks POSTed at once by 16 client threads: POST → {@code running} p99,
 *       and launches per second from the first POST to all {@code exited}.
 *   <li>Memory per live runner: PSS and RSS ({@code /proc/PID/smaps_rollup}) of 10 sleeping runners.
 *   <li>{@code GET /v1/tasks/{id}} latency and throughput under 32 concurrent pollers.
 *   <li>Restart: a work root with 10,000 task directories, 1,000 of them live: 20 real runners and
 *       980 directories written as a runner writes them, each naming a live stand-in process
 *       ({@code sleep}, true pid and start time; it does not heartbeat, so it may show as
 *       {@code stalled}), and 9,000 finished ones. kill -9 the node, start a new one on the same
 *       work root, time process start → {@code listening on}; check every live task is
 *       {@code running} or {@code stalled}, none lost or started again.
 * </ol>
 * At the end a table gives each target, the measured figure and "met" or "MISSED"; a figure that
 * could not be measured says why.
 *
 * <p>The jar is copied to a temporary directory first, so a concurrent rebuild cannot change it
 * under the node (its runners use the node's class path, i.e. the copy). Every phase has a hard
 * deadline; the nodes, every runner they started and the stand-ins are killed at the end, even on
 * failure.
 *
 * <p>Run: {@code java bench/NodeBench.java [--java PATH] [runner-api/target/runner-api.jar]};
 * {@code --java} runs the node (and so its runners) with that java.
 */
public class NodeBench {
  static final String ECHO = "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]}";
  static final String SLEEPER = "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 600\"]}";
  static final int SEQUENTIAL = 60;
  static final int SEQUENTIAL_WARMUP = 5;
  /** Pause after a task exits before the next POST: time for the warm pool to have a runner ready. */
  static final int SEQUENTIAL_SPACING_MS = 300;
  static final int BURST = 200;
  static final int BURST_THREADS = 16;
  static final int MEMORY_RUNNERS = 10;
  static final int RESTART_FINISHED = 9_000;
  static final int RESTART_LIVE = 1_000;
  static final int RESTART_REAL = 20;
  static final int POLLERS = 32;
  static final int GETS_PER_POLLER = 500;
  static final int GET_WARMUP_PER_POLLER = 20;
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(15);
  static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");
  static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  static Path tmpRoot;
  /** The java the nodes run with (and so their runners); its version, as {@code java -version} says. */
  static String nodeJava;
  static String nodeJdk;
  /** A work root's {@code .cds} holding a ready runner class archive, copied into later work roots. */
  static volatile Path readyArchiveDir;
  /** Set when a node measured without its runner class archive: the table's header says so. */
  static volatile String archiveTrouble;
  static final Set<Node> nodes = ConcurrentHashMap.newKeySet();
  static final Set<Long> runnerPids = ConcurrentHashMap.newKeySet();
  static final List<StandIn> standIns = new CopyOnWriteArrayList<>();
  static final List<ExecutorService> pools = Collections.synchronizedList(new ArrayList<>());
  static final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  static volatile boolean cleanedUp;
  static volatile boolean failed;
  /** POSTs of a task answered 503 and retried (see {@link #submit}). */
  static final AtomicInteger unavailable = new AtomicInteger();
  static volatile String firstUnavailable;

  // the target table, in its order; filled in by the phases
  static Row warmRunning;
  static Row coldRunning;
  static Row burstP99;
  static Row launches;
  static Row runnerPss;
  static Row restart;
  static Row getP99;
  static Row getRate;
  static Row idleRss;

  public static void main(String[] args) throws Exception {
    long benchStart = System.nanoTime();
    String jarArg = "runner-api/target/runner-api.jar";
    nodeJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--java") && i + 1 < args.length) {
        nodeJava = Path.of(args[++i]).toAbsolutePath().toString();
      } else if (args[i].startsWith("-")) {
        System.err.println("usage: java bench/NodeBench.java [--java PATH] [runner-api.jar]");
        System.exit(2);
      } else {
        jarArg = args[i];
      }
    }
    Path source = Path.of(jarArg).toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      System.err.println("NodeBench: no jar at " + source + " (build it with mvn -q -B package -DskipTests)");
      System.exit(2);
    }
    if (!Files.isExecutable(Path.of(nodeJava))) {
      System.err.println("NodeBench: no java at " + nodeJava);
      System.exit(2);
    }
    tmpRoot = Files.createTempDirectory("node-bench");
    Path jar = tmpRoot.resolve("runner-api.jar");
    Files.copy(source, jar);
    Runtime.getRuntime().addShutdownHook(new Thread(NodeBench::cleanup, "node-bench-cleanup"));
    try {
      nodeJdk = javaVersion(nodeJava);
      int major = Integer.parseInt(nodeJdk.replaceFirst("^1\\.", "").replaceFirst("\\D.*", ""));
      defineRows(major);
      System.out.printf("node JDK %s (%s); bench client JDK %s; %d cores, MemTotal %.1f GB; jar %s (copied to %s)%n",
          nodeJdk, nodeJava, System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
          procKb("/proc/meminfo", "MemTotal") / 1048576.0, source, jar);
      System.out.println("machine before the bench: loadavg " + loadavg() + " (other work on this machine skews every figure below)");
      boolean warmPool = knowsFlag(jar, "--warm-runners");
      if (warmPool) {
        attempt("cold node", () -> coldNode(jar), coldRunning);
      } else {
        System.out.println("this build has no --warm-runners: the default node's one-after-another tasks are the cold figure");
        warmRunning.unmeasured("n/a (this build has no warm pool)");
      }
      attempt("default node", () -> defaultNode(jar, warmPool), warmRunning, coldRunning, burstP99, launches, runnerPss, getP99, getRate, idleRss);
      attempt("restart", () -> restartPhase(jar), restart);
      System.out.printf("total bench time: %.0f s%n", (System.nanoTime() - benchStart) / 1e9);
    } catch (Exception | Error e) {
      failed = true;
      System.out.println("FAILED: " + e);
      e.printStackTrace(System.out);
    } finally {
      cleanup();
      printWarnings();
      if (unavailable.get() > 0) {
        System.out.println("POSTs answered 503 and retried: " + unavailable.get() + "; first answer: " + firstUnavailable);
      }
      printTable();
      if (!failed) {
        deleteTree(tmpRoot);
      } else {
        System.out.println("kept for inspection (node logs, task directories): " + tmpRoot);
      }
    }
    System.exit(failed ? 1 : 0);
  }

  static void defineRows(int jdkMajor) {
    warmRunning = Row.atMost("POST -> running, median, warm runner available", 5, " ms", "%.1f ms");
    coldRunning = Row.atMost("POST -> running, median, from cold (no warm runner)", 60, " ms", "%.1f ms");
    burstP99 = Row.atMost("POST -> running, p99, 200 tasks in a burst", 250, " ms", "%.0f ms");
    launches = jdkMajor >= 25
        ? Row.atLeast("sustained launches of short tasks (JDK " + jdkMajor + ")", 45, "/s (JDK 25 with its AOT cache)", "%.1f/s")
        : Row.atLeast("sustained launches of short tasks (JDK " + jdkMajor + ")", 25, "/s (node on JDK 17)", "%.1f/s");
    runnerPss = Row.atMost("memory per live runner (PSS, median of " + MEMORY_RUNNERS + ")", 20, " MB", "%.1f MB");
    restart = Row.atMost("node restart -> ready, 10,000 task dirs, 1,000 live", 1, " s", "%.2f s");
    getP99 = Row.atMost("GET /v1/tasks/{id}, 32 pollers, p99", 2, " ms", "%.2f ms");
    getRate = Row.atLeast("GET /v1/tasks/{id}, 32 pollers, throughput", 10_000, " requests/s", "%.0f requests/s");
    idleRss = Row.atMost("node idle RSS", 80, " MB", "%.1f MB");
  }

  interface Phase {
    void run() throws Exception;
  }

  /**
   * Runs a phase; when it fails, says so, kills the nodes still up (later phases start their own)
   * and marks its rows not yet measured with the reason, so the table still comes out.
   */
  static void attempt(String name, Phase phase, Row... rows) {
    try {
      phase.run();
    } catch (Exception | Error e) {
      failed = true;
      System.out.println("FAILED (" + name + "): " + e);
      e.printStackTrace(System.out);
      nodes.forEach(n -> n.process.destroyForcibly());
      for (Row row : rows) {
        row.unmeasured("not measured: " + name + " failed: " + e.getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- cold node

  /** A node without a warm pool: every task's runner JVM starts when the task comes. */
  static void coldNode(Path jar) throws Exception {
    Node node = startNode(jar, tmpRoot.resolve("w-cold"), "cold node, --warm-runners 0", "--warm-runners", "0");
    sequential(node, client(), coldRunning, "cold, --warm-runners 0");
    node.stop();
  }

  // ---------------------------------------------------------------- the default node

  static void defaultNode(Path jar, boolean warmPool) throws Exception {
    Node node = startNode(jar, tmpRoot.resolve("w-main"), "default node");
    HttpClient client = client();
    // an idle node that has served one request (its HTTP stack loaded)
    expect(send(client, get(node, "/health")), 200);
    Thread.sleep(2000);
    long idleKb = node.rssKb();
    String asService = serviceUnitIdleRss(jar);
    idleRss.set(idleKb / 1024.0, "plain java -jar, VmRSS after 1 request and 2 s idle; " + asService);
    System.out.printf("daemon idle RSS before load: %.1f MB (VmRSS; after 1 request and 2 s idle); %s%n", idleKb / 1024.0, asService);

    List<String> ids = new CopyOnWriteArrayList<>();
    Row sequentialRow = warmPool ? warmRunning : coldRunning;
    attempt("one after another", () -> ids.addAll(sequential(node, client, sequentialRow,
        warmPool ? "default node, warm pool" : "default node, no warm pool in this build")), sequentialRow);
    attempt("burst", () -> ids.addAll(burst(node, client)), burstP99, launches);
    attempt("runner memory", () -> runnerMemory(node, client), runnerPss);
    attempt("pollers", () -> pollers(node, ids), getP99, getRate);

    Thread.sleep(3000);
    System.out.printf("daemon idle RSS after load: %.1f MB (was %.1f MB; %d tasks known, 3 s idle, no forced GC); daemon CPU so far %.1f s%n",
        node.rssKb() / 1024.0, idleKb / 1024.0, ids.size(), node.cpuSeconds());
    if (jcmdGc(node)) {
      Thread.sleep(1000);
      System.out.printf("  daemon RSS after a full GC (jcmd GC.run, for comparison): %.1f MB%n", node.rssKb() / 1024.0);
    }
    node.stop();
  }

  /**
   * The idle RSS of a node run as {@code config/task-runner.service} runs it: the JVM flags of its
   * {@code ExecStart} (but the logback file) and its {@code Environment=MALLOC_ARENA_MAX}.
   */
  static String serviceUnitIdleRss(Path jar) {
    Path unit = Path.of("config/task-runner.service");
    try {
      List<String> flags = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>();
      for (String line : Files.readAllLines(unit)) {
        if (line.startsWith("ExecStart=")) {
          for (String token : line.substring("ExecStart=".length()).split("\\s+")) {
            if (token.equals("-jar")) {
              break;
            }
            if (token.startsWith("-X")) {
              flags.add(token);
            }
          }
        } else if (line.startsWith("Environment=MALLOC_")) {
          String[] kv = line.substring("Environment=".length()).split("=", 2);
          env.put(kv[0], kv[1]);
        }
      }
      seedClassArchive(tmpRoot.resolve("w-service"));
      Node node = Node.start(flags, env, jar, tmpRoot.resolve("w-service"), Deadline.of("service-unit node", 60));
      try {
        expect(send(client(), get(node, "/health")), 200);
        Thread.sleep(2000);
        return String.format("as %s runs it (%s %s): %.1f MB", unit, String.join(" ", flags), env, node.rssKb() / 1024.0);
      } finally {
        node.stop();
      }
    } catch (Exception e) {
      return "as the service unit runs it: not measured (" + e.getMessage() + ")";
    }
  }

  /**
   * One task after another: each waited for until it exits, then {@link #SEQUENTIAL_SPACING_MS}
   * idle before the next POST (so a warm pool has refilled). POST → runner's {@code startedAt}.
   */
  static List<String> sequential(Node node, HttpClient client, Row row, String label) throws Exception {
    Deadline dl = Deadline.of("one after another (" + label + ")", 120);
    List<Double> postMs = new ArrayList<>();
    List<Double> runningMs = new ArrayList<>();
    List<Double> exitedMs = new ArrayList<>();
    List<Double> ownMs = new ArrayList<>();
    List<Double> idleRunners = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Load load = Load.start(node);
    RawClient raw = new RawClient(node);
    for (int i = 0; i < SEQUENTIAL_WARMUP + SEQUENTIAL; i++) {
      dl.check("submitting task " + i);
      // no task is running now, so any runner JVM alive is one waiting for a task (a warm one)
      long waiting = ProcessHandle.allProcesses().filter(p -> isRunner(p.pid())).count();
      Instant before = Instant.now();
      long t0 = System.nanoTime();
      String created = raw.post("/v1/tasks", ECHO);
      long t1 = System.nanoTime();
      String id = field(created, "taskId");
      ids.add(id);
      String view = awaitFinal(node, client, id, dl);
      Instant startedAt = Instant.parse(required(view, "startedAt"));
      Instant finishedAt = Instant.parse(required(view, "finishedAt"));
      if (i >= SEQUENTIAL_WARMUP) {
        postMs.add((t1 - t0) / 1e6);
        runningMs.add(millis(before, startedAt));
        exitedMs.add(millis(before, finishedAt));
        ownMs.add(millis(startedAt, finishedAt));
        idleRunners.add((double) waiting);
      }
      Thread.sleep(SEQUENTIAL_SPACING_MS);
    }
    String cpu = load.end();
    raw.close();
    List<Double> sorted = sorted(runningMs);
    row.set(pct(sorted, 50), String.format("%s; n=%d, p99 %.1f ms", label, sorted.size(), pct(sorted, 99)));
    System.out.printf("POST -> running (runner's startedAt - wall clock before send), %s; %d tasks one after another, each POSTed %d ms after the previous exited (after %d warm-up): %s%n",
        label, SEQUENTIAL, SEQUENTIAL_SPACING_MS, SEQUENTIAL_WARMUP, stats(runningMs, 1));
    System.out.printf("  POST latency (one keep-alive socket, the request written and the answer read by hand: the JDK's HttpClient adds a few ms of its own): %s%n", stats(postMs, 1));
    System.out.printf("  POST -> exited (runner's finishedAt): %s; runner's own startedAt -> finishedAt (ECHO hi): %s%n",
        stats(exitedMs, 1), stats(ownMs, 1));
    System.out.printf("  runner JVMs alive (waiting for a task) at each POST: min %.0f, max %.0f%n",
        sorted(idleRunners).get(0), sorted(idleRunners).get(idleRunners.size() - 1));
    System.out.printf("  (load, status polled every 5 ms: %s)%n", cpu);
    return ids;
  }

  /**
   * HTTP/1.1 POSTs over one keep-alive socket, written and read by hand: the lightest client there
   * is, so POST -> running measures the node and its runner rather than the client.
   */
  static final class RawClient implements AutoCloseable {
    private final Node node;
    private final java.net.Socket socket;
    private final java.io.InputStream in;

    RawClient(Node node) throws IOException {
      this.node = node;
      URI base = URI.create(node.base);
      this.socket = new java.net.Socket(base.getHost(), base.getPort());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
      this.in = new java.io.BufferedInputStream(socket.getInputStream());
    }

    /** The body of a 201 answer; anything else throws. */
    String post(String path, String json) throws IOException {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      String head = "POST " + path + " HTTP/1.1\r\nHost: " + URI.create(node.base).getAuthority()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String status = line();
      long length = -1;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Long.parseLong(h.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IllegalStateException("no Content-Length in the answer to POST " + path + " (" + status + ")");
      }
      String answer = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
      if (!status.startsWith("HTTP/1.1 201")) {
        throw new IllegalStateException("POST " + path + ": " + status + " " + answer);
      }
      return answer;
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("the node closed the connection");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** 200 tasks submitted at once by 16 threads; first POST sent until all exited. */
  static List<String> burst(Node node, HttpClient client) throws Exception {
    Deadline dl = Deadline.of("burst", 120);
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
    List<Double> sorted = sorted(runningMs);
    burstP99.set(pct(sorted, 99), String.format("median %.0f ms, max %.0f ms", pct(sorted, 50), sorted.get(sorted.size() - 1)));
    launches.set(BURST / seconds, String.format("%d-task burst, first POST -> all exited, %.2f s", BURST, seconds));
    System.out.printf("launch throughput (%d ECHO tasks POSTed at once by %d client threads, node %s): %.1f tasks/s (first POST sent -> all %d exited seen by polling: %.2f s; -> last finishedAt: %.2f s)%n",
        BURST, BURST_THREADS, node.setting("maxRunningTasks"), BURST / seconds, BURST, seconds, millis(firstBefore, lastFinish) / 1000);
    System.out.printf("  POST -> running (startedAt) within the burst: %s%n", stats(runningMs, 0));
    System.out.printf("  POST latency within the burst (%d concurrent senders): %s; all %d POSTs answered in %.2f s; %s%n",
        BURST_THREADS, stats(s.postMs, 1), BURST, (s.lastAnswerNanos - s.firstSendNanos) / 1e9, cpu);
    return List.of(s.ids);
  }

  /** PSS and RSS of {@link #MEMORY_RUNNERS} runners whose tasks sleep, from /proc/PID/smaps_rollup. */
  static void runnerMemory(Node node, HttpClient client) throws Exception {
    Deadline dl = Deadline.of("runner memory", 90);
    int finalBefore = count(node, client, "exited") + count(node, client, "lost");
    Submitted s = submitConcurrently(node, client, SLEEPER, MEMORY_RUNNERS, MEMORY_RUNNERS, dl);
    Map<String, String> live = awaitLive(node, client, List.of(s.ids), dl);
    Thread.sleep(2000); // past their start: runners in their steady state (heartbeating, the task asleep)
    List<Double> pss = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    for (String pid : live.values()) {
      Path rollup = Path.of("/proc", pid, "smaps_rollup");
      long pssKb = procKb(rollup.toString(), "Pss");
      if (pssKb == 0) {
        throw new IllegalStateException("runner memory: no Pss in " + rollup + " (runner gone, or no smaps_rollup on this kernel)");
      }
      pss.add(pssKb / 1024.0);
      rss.add(procKb(rollup.toString(), "Rss") / 1024.0);
    }
    List<Double> pssSorted = sorted(pss);
    List<Double> rssSorted = sorted(rss);
    runnerPss.set(pct(pssSorted, 50), String.format("RSS median %.1f MB", pct(rssSorted, 50)));
    System.out.printf("memory per live runner (%d runners, task sleeping; /proc/PID/smaps_rollup): PSS median %.1f MB (min %.1f, max %.1f); RSS median %.1f MB (min %.1f, max %.1f)%n",
        pss.size(), pct(pssSorted, 50), pssSorted.get(0), pssSorted.get(pss.size() - 1),
        pct(rssSorted, 50), rssSorted.get(0), rssSorted.get(rss.size() - 1));
    for (String id : s.ids) {
      body(send(client, post(node, "/v1/tasks/" + id + "/stop", "")), 200);
    }
    awaitFinalCount(node, client, finalBefore + MEMORY_RUNNERS, dl);
  }

  /** 32 threads, each with its own HttpClient, each doing up to 500 sequential GETs. */
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
        POLLERS, flat.rate, flat.p50, flat.p99, paced.rate, paced.p50, paced.p99);
    getRate.set(flat.rate, String.format("wrk, %d connections flat out; p99 %.2f ms there", POLLERS, flat.p99));
    getP99.set(paced.rate >= getRate.limit ? paced.p99 : Double.POSITIVE_INFINITY,
        String.format("wrk, %d connections paced to %.0f requests/s; median %.2f ms", POLLERS, paced.rate, paced.p50));
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

  // ---------------------------------------------------------------- restart

  /**
   * 10,000 task directories, 1,000 live: 1,000 real runner JVMs would need far more memory than
   * this machine has, so 980 live ones are stand-ins (see {@link #writeTaskDirectories}) and 20
   * are real runners, so re-adoption of a real runner is exercised too.
   */
  static void restartPhase(Path jar) throws Exception {
    Path root = tmpRoot.resolve("w-restart");
    Deadline setup = Deadline.of("restart (setup)", 150);
    writeTaskDirectories(root, setup);
    // every live task counts against maxRunningTasks; retention must not forget the 9,000 finished ones meanwhile
    String[] flags = {"--max-running-tasks", "2000", "--retention-max-tasks", "100000"};
    Node first = startNode(jar, root, "restart: first node", flags);
    HttpClient client = client();
    Submitted real = submitConcurrently(first, client, SLEEPER, RESTART_REAL, 4, setup);
    Map<String, String> realPids = awaitLive(first, client, List.of(real.ids), setup);
    Map<String, String> realStarted = new LinkedHashMap<>();
    for (String id : real.ids) {
      realStarted.put(id, required(body(send(client, get(first, "/v1/tasks/" + id)), 200), "startedAt"));
    }
    long dirs = taskDirectories(root);
    int known = count(first, client, null);
    if (dirs != RESTART_FINISHED + RESTART_LIVE || known != dirs) {
      throw new IllegalStateException("restart: expected " + (RESTART_FINISHED + RESTART_LIVE) + " task directories and tasks, found "
          + dirs + " directories, " + known + " tasks");
    }
    System.out.printf("  (restart setup: %d task directories: %d finished, %d live (%d stand-ins, %d real runners); first node RSS %.1f MB; killing it with SIGKILL)%n",
        dirs, RESTART_FINISHED, RESTART_LIVE, standIns.size(), RESTART_REAL, first.rssKb() / 1024.0);

    Thread.sleep(2000); // let the real runners finish starting up: the restart then competes with nothing but heartbeats
    first.process.destroyForcibly();
    if (!first.process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("restart: the killed node did not exit");
    }
    long survivors = realPids.values().stream().filter(pid -> ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)).count()
        + standIns.stream().filter(StandIn::alive).count();

    Load restartLoad = Load.start(null);
    Node second = Node.start(jar, root, Deadline.of("restart (second node start)", 60), flags);
    String restartCpu = restartLoad.end();
    System.out.printf("node restart to ready (%d task dirs, %d live, %d of them alive after kill -9): %.0f ms (process start -> 'listening on' line; %s)%n",
        dirs, RESTART_LIVE, survivors, second.readyMillis(), second.breakdown());
    System.out.printf("  node's own line: %s%n", second.recoveredLine == null ? "(no 'recovered N tasks' line)" : second.recoveredLine);
    System.out.printf("  (restart: %s; restarted node CPU %.1f s)%n", restartCpu, second.cpuSeconds());

    Deadline verify = Deadline.of("restart (verify and stop)", 90);
    Map<String, Integer> states = new LinkedHashMap<>();
    for (String state : List.of("queued", "running", "stalled", "stopping", "exited", "lost")) {
      states.put(state, count(second, client, state));
    }
    int total = count(second, client, null);
    List<String> realWrong = new ArrayList<>();
    for (String id : real.ids) {
      String view = body(send(client, get(second, "/v1/tasks/" + id)), 200);
      String state = field(view, "state");
      if (!("running".equals(state) || "stalled".equals(state)) || !realPids.get(id).equals(field(view, "pid"))
          || !realStarted.get(id).equals(field(view, "startedAt"))) {
        realWrong.add(id + ": " + state + " pid " + field(view, "pid") + " (was " + realPids.get(id) + ") startedAt "
            + field(view, "startedAt") + " (was " + realStarted.get(id) + ")");
      }
    }
    boolean right = realWrong.isEmpty() && total == RESTART_FINISHED + RESTART_LIVE
        && states.get("running") + states.get("stalled") == RESTART_LIVE && states.get("exited") == RESTART_FINISHED;
    System.out.printf("  after restart: %d tasks known, by state %s; the %d real runners %s; RSS %.1f MB%n", total, states,
        RESTART_REAL, realWrong.isEmpty() ? "re-adopted with the same pid and startedAt" : "WRONG: " + realWrong.subList(0, Math.min(3, realWrong.size())),
        second.rssKb() / 1024.0);
    restart.set(second.readyMillis() / 1000, right ? "all 1,000 live re-adopted, none lost or started again" : "re-adoption WRONG, see above");
    if (!right) {
      restart.verdict = "MISSED"; // fast but wrong is no restart
    }

    int killed = killStandIns();
    for (String id : real.ids) {
      body(send(client, post(second, "/v1/tasks/" + id + "/stop", "")), 200);
    }
    for (String id : real.ids) {
      awaitState(second, client, id, "exited", verify);
    }
    System.out.printf("  then: %d stand-ins killed, the %d real tasks stopped through the restarted node (all exited)%n", killed, RESTART_REAL);
    second.stop();
    if (!right) {
      throw new IllegalStateException("restart: the restarted node does not show the expected tasks (see above)");
    }
  }

  /**
   * Writes the restart phase's task directories as the node and the runner write them: {@code
   * node.json} (seq, acceptedAt, launchedAt), {@code task.json}, {@code status.json}, {@code
   * output.log}. The live ones name a stand-in process started here ({@code sleep}) by its true pid
   * and start time, which is all the node checks to re-adopt a runner; their last heartbeat is now.
   * The finished ones finished within the last hour (well inside retention by age).
   */
  static void writeTaskDirectories(Path root, Deadline dl) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(root);
    startStandIns(RESTART_LIVE - RESTART_REAL, dl);
    double standInSeconds = (System.nanoTime() - t0) / 1e9;
    String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    Instant base = Instant.now().minus(Duration.ofHours(1));
    long seq = 0;
    for (int i = 0; i < RESTART_FINISHED; i++) {
      dl.check("writing task directories");
      Instant accepted = base.plusMillis(300 * seq);
      Instant started = accepted.plusMillis(80);
      Instant finished = started.plusMillis(40);
      String id = String.format("bench-done-%05d", i);
      String status = statusJson(id, 100_000 + i, accepted.plusMillis(5), host, started, finished, finished, "0", "\"succeeded\"");
      writeTaskDirectory(root.resolve(id), ++seq, accepted, ECHO, status, "hi\n");
    }
    for (StandIn s : standIns) {
      String id = String.format("bench-live-%05d", seq);
      Instant now = Instant.now();
      String status = statusJson(id, s.handle.pid(), s.startedAt, host, s.startedAt.plusMillis(80), now, null, "null", "null");
      writeTaskDirectory(root.resolve(id), ++seq, s.startedAt.minusMillis(20), SLEEPER, status, "");
    }
    System.out.printf("  (restart setup: %d stand-in processes started in %.1f s; %d finished and %d live task directories written in %.1f s)%n",
        standIns.size(), standInSeconds, RESTART_FINISHED, standIns.size(), (System.nanoTime() - t0) / 1e9 - standInSeconds);
  }

  static void writeTaskDirectory(Path dir, long seq, Instant accepted, String definition, String status, String output)
      throws IOException {
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("node.json"), String.format(
        "{\"version\":1,\"seq\":%d,\"acceptedAt\":\"%s\",\"launchedAt\":\"%s\",\"stopRequestedAt\":null}", seq, accepted, accepted.plusMillis(2)));
    Files.writeString(dir.resolve("task.json"), definition.replaceFirst("\\}$", ",\"id\":\"" + dir.getFileName() + "\"}"));
    Files.writeString(dir.resolve("status.json"), status);
    Files.writeString(dir.resolve("output.log"), output);
  }

  /** A status.json as StatusFile writes it; {@code finished} null for a live runner. */
  static String statusJson(String id, long pid, Instant pidStartedAt, String host, Instant started, Instant updated,
      Instant finished, String exitCode, String outcome) {
    return String.format("{\"version\":1,\"taskId\":\"%s\",\"pid\":%d,\"pidStartedAt\":\"%s\",\"host\":\"%s\",\"startedAt\":\"%s\","
        + "\"updatedAt\":\"%s\",\"finishedAt\":%s,\"exitCode\":%s,\"outcome\":%s,\"reason\":null}%n",
        id, pid, pidStartedAt, host, started, updated, finished == null ? "null" : "\"" + finished + "\"", exitCode, outcome);
  }

  /** A live process standing in for a runner: its pid and its start time, as the runner records its own. */
  record StandIn(ProcessHandle handle, Instant startedAt) {
    boolean alive() {
      return !zombie(handle.pid()) && handle.info().startInstant().map(startedAt::equals).orElse(false);
    }
  }

  /**
   * Starts {@code n} {@code sleep} processes from one shell (far quicker than as many process
   * starts from this JVM), which prints their pids and exits; they outlive it and are killed by
   * {@link #killStandIns} (or {@link #cleanup}). They sleep longer than the bench may run.
   */
  static void startStandIns(int n, Deadline dl) throws Exception {
    Process sh = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + n + " ]; do sleep 900 </dev/null >/dev/null 2>&1 & echo $!; i=$((i+1)); done")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!sh.waitFor(Math.max(1, dl.remainingMillis()), TimeUnit.MILLISECONDS)) {
      sh.destroyForcibly();
      dl.check("starting the stand-ins");
    }
    for (String line : new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
      ProcessHandle p = ProcessHandle.of(Long.parseLong(line.trim())).orElseThrow(() -> new IllegalStateException("stand-in " + line + " died at once"));
      standIns.add(new StandIn(p, p.info().startInstant().orElseThrow(() -> new IllegalStateException("no start time for pid " + line))));
    }
    if (standIns.size() != n) {
      throw new IllegalStateException("started " + standIns.size() + " stand-ins, expected " + n);
    }
  }

  /** SIGKILL to every stand-in still alive (pid and start time checked, so no recycled pid is hit); returns how many. */
  static int killStandIns() {
    int killed = 0;
    for (StandIn s : standIns) {
      if (s.alive() && s.handle.destroyForcibly()) {
        killed++;
      }
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (StandIn s : standIns) {
      while (s.alive() && System.nanoTime() < until) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return killed;
        }
      }
    }
    return killed;
  }

  static long taskDirectories(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  // ---------------------------------------------------------------- shared steps

  /**
   * Starts a node on {@code root} (seeded with the runner class archive an earlier node made, if
   * any) and waits until its class archive is ready, so what follows measures the steady state.
   */
  static Node startNode(Path jar, Path root, String what, String... flags) throws Exception {
    seedClassArchive(root);
    Node node = Node.start(jar, root, Deadline.of(what + ": node start", 60), flags);
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

  /** Polls every 20 ms until the task is in {@code state}. */
  static void awaitState(Node node, HttpClient client, String id, String state, Deadline dl) throws Exception {
    while (!state.equals(field(body(send(client, get(node, "/v1/tasks/" + id)), 200), "state"))) {
      dl.check("waiting for task " + id + " to be " + state);
      Thread.sleep(20);
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

  // ---------------------------------------------------------------- the node process

  static final class Node {
    final Process process;
    final Path workRoot;
    final Instant startedAt;
    final long startNanos;
    final boolean archiveSeeded;
    final CompletableFuture<String> listening = new CompletableFuture<>();
    /** What the node logs about its runner class archive (or an AOT cache). */
    final List<String> archiveLines = new CopyOnWriteArrayList<>();
    volatile long listeningNanos;
    volatile String startingLine;
    volatile String recoveredLine;
    volatile String listeningLine;
    String base;

    private Node(Process process, Path workRoot, Instant startedAt, long startNanos, boolean archiveSeeded) {
      this.process = process;
      this.workRoot = workRoot;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
      this.archiveSeeded = archiveSeeded;
    }

    static Node start(Path jar, Path workRoot, Deadline dl, String... extra) throws Exception {
      return start(List.of(), Map.of(), jar, workRoot, dl, extra);
    }

    /** A node with JVM flags and environment variables of its own. */
    static Node start(List<String> jvmFlags, Map<String, String> env, Path jar, Path workRoot, Deadline dl, String... extra)
        throws Exception {
      List<String> cmd = new ArrayList<>(List.of(nodeJava));
      cmd.addAll(jvmFlags);
      cmd.addAll(List.of("-jar", jar.toString(), "--port", "0", "--work-root", workRoot.toString()));
      cmd.addAll(List.of(extra));
      Path log = tmpRoot.resolve("node-" + nodes.size() + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(env);
      boolean seeded = archiveFile(workRoot.resolve(".cds")) != null;
      Instant startedAt = Instant.now();
      long startNanos = System.nanoTime();
      Process process = pb.start();
      Node node = new Node(process, workRoot, startedAt, startNanos, seeded);
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
          if (line.contains("class archive") || line.contains("AOT")) {
            archiveLines.add(line);
          }
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

    /**
     * Waits until the runner class archive is ready: the node logs "... ready", or the archive was
     * there at start (copied from an earlier work root). Gives up (measuring without it, and saying
     * so) when the node logs a failure, has the archive switched off, or the deadline passes.
     * Returns what to print, with what the node logged about it.
     */
    String awaitClassArchive(Deadline dl) throws InterruptedException {
      String setting = setting("runnerClassArchive");
      if (!setting.endsWith("=true")) {
        return "runner class archive: not in use (" + setting + "); measuring without it";
      }
      long t0 = System.nanoTime();
      while (true) {
        String logged = archiveLines.isEmpty() ? "" : "; node log: " + String.join(" | ", archiveLines);
        String ready = archiveLines.stream().filter(l -> l.contains("ready")).findFirst().orElse(null);
        if (ready != null) {
          readyArchiveDir = readyArchiveDir == null ? workRoot.resolve(".cds") : readyArchiveDir;
          Instant at = logTime(ready);
          return String.format("runner class archive ready %s after node process start%s",
              at == null ? "?" : String.format("%.1f s", millis(startedAt, at) / 1000), logged);
        }
        Path file = archiveFile(workRoot.resolve(".cds"));
        if (archiveSeeded && file != null) {
          return "runner class archive ready at start (" + file.getFileName() + ", copied from an earlier work root)" + logged;
        }
        if (archiveLines.stream().anyMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "))) {
          return "runner class archive FAILED; measuring without it" + logged;
        }
        if (dl.remainingMillis() == 0) {
          return String.format("runner class archive NOT ready after %.0f s; measuring without it%s", (System.nanoTime() - t0) / 1e9, logged);
        }
        Thread.sleep(100);
      }
    }

    /** A finished archive file in {@code cds}, or null. */
    static Path archiveFile(Path cds) {
      try (Stream<Path> files = Files.list(cds)) {
        return files.filter(Node::isArchiveFile).findFirst().orElse(null);
      } catch (IOException e) {
        return null;
      }
    }

    static boolean isArchiveFile(Path p) {
      return Files.isRegularFile(p) && !p.getFileName().toString().contains(".tmp");
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
      return procKb("/proc/" + process.pid() + "/status", "VmRSS");
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
      process.destroy(); // SIGTERM: the node closes its port; its tasks keep running (none are left here)
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

  /**
   * Kills the nodes, then every runner this bench caused (pids from task views and status files,
   * and any live runner whose command line names our temp directory, warm ones included), then the
   * stand-ins.
   */
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
    // (not the restart phase's written directories: they name stand-ins and made-up pids)
    try (Stream<Path> s = Files.walk(tmpRoot, 3)) {
      s.filter(p -> p.getFileName().toString().equals("status.json"))
          .filter(p -> !p.getParent().getFileName().toString().startsWith("bench-")).forEach(p -> {
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
    // runners launched but not yet written a status, and warm ones: found by our temp directory in their command line
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
    int standInsKilled = killStandIns();
    System.out.printf("cleanup: nodes killed; %d runner processes were still alive and got SIGKILL (%d runner pids checked); %d stand-ins were still alive and got SIGKILL%n",
        killed.size(), pids.size(), standInsKilled);
  }

  /** A live (not zombie) process whose command line is a TaskRunner started from this bench's copy of the jar. */
  static boolean isRunner(long pid) {
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains("TaskRunnerMain") && cmdline.contains(tmpRoot.toString()) && !zombie(pid);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return true; // gone
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

  // ---------------------------------------------------------------- the target table

  /** One target: the figure measured against it and whether it was met; or why it was not measured. */
  static final class Row {
    final String what;
    final String target;
    final boolean atMost;
    final double limit;
    final String format;
    volatile String measured;
    volatile String verdict;

    private Row(String what, boolean atMost, double limit, String unit, String format) {
      this.what = what;
      this.atMost = atMost;
      this.limit = limit;
      this.target = (atMost ? "<= " : ">= ") + String.format("%.0f", limit) + unit;
      this.format = format;
    }

    static Row atMost(String what, double limit, String unit, String format) {
      return new Row(what, true, limit, unit, format);
    }

    static Row atLeast(String what, double limit, String unit, String format) {
      return new Row(what, false, limit, unit, format);
    }

    void set(double value, String note) {
      measured = String.format(format, value) + (note == null ? "" : " (" + note + ")");
      verdict = (atMost ? value <= limit : value >= limit) ? "met" : "MISSED";
    }

    /** Says why there is no figure, unless there is one already. */
    void unmeasured(String why) {
      if (measured == null) {
        measured = why;
        verdict = "-";
      }
    }
  }

  static void printTable() {
    List<Row> rows = new ArrayList<>();
    for (Row row : new Row[] {warmRunning, coldRunning, burstP99, launches, runnerPss, restart, getP99, getRate, idleRss}) {
      if (row != null) {
        row.unmeasured("not measured: the bench stopped before this phase");
        rows.add(row);
      }
    }
    System.out.printf("%n== targets: node on JDK %s (%s), %d cores; %s ==%n", nodeJdk, nodeJava, Runtime.getRuntime().availableProcessors(),
        archiveTrouble == null ? "runner class archive ready before measuring (steady state)" : "NOT the steady state: " + archiveTrouble);
    String line = "%-55s | %-7s | %-36s | %s%n";
    System.out.printf(line, "what", "result", "target", "measured");
    for (Row row : rows) {
      System.out.printf(line, row.what, row.verdict, row.target, row.measured);
    }
    long missed = rows.stream().filter(r -> "MISSED".equals(r.verdict)).count();
    long met = rows.stream().filter(r -> "met".equals(r.verdict)).count();
    System.out.printf("%d met, %d MISSED, %d not measured%n", met, missed, rows.size() - met - missed);
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
