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
import static nodebench.Pollers.*;
import static nodebench.RestartPhase.*;
import static nodebench.Steps.*;
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** The default and the cold node: one task after another, the burst, runner memory. */
@SuppressWarnings("unused")
final class NodePhases {
  private NodePhases() {}

  // ---------------------------------------------------------------- cold node

  /** A node without a warm pool: every task's runner JVM starts when the task comes. */
  static void coldNode(Path jar) throws Exception {
    Node node = startNode(jar, tmpRoot.resolve("w-cold"), "cold node, --warm-runners 0", "--warm-runners", "0");
    sequential(node, client(), coldRunning, "cold, --warm-runners 0");
    node.stop();
  }

  // ---------------------------------------------------------------- the default node

  /**
   * {@code --only burst}: a default node, the floor beside it, then the burst alone; for profiling
   * the node's share of a burst ({@code --node-jvm-option}) without the other phases' minutes.
   */
  static void burstNode(Path jar) throws Exception {
    Node node = startNode(jar, tmpRoot.resolve("w-burst"), "default node (burst only)");
    HttpClient client = client();
    expect(send(client, get(node, "/health")), 200);
    attempt("floor", () -> measureFloor(jar, node), launchRatio);
    burst(node, client);
    System.out.printf("daemon CPU so far %.1f s%n", node.cpuSeconds());
    node.stop();
  }

  static void defaultNode(Path jar, boolean warmPool) throws Exception {
    Node node = startNode(jar, tmpRoot.resolve("w-main"), "default node");
    HttpClient client = client();
    // an idle node that has served one request (its HTTP stack loaded)
    expect(send(client, get(node, "/health")), 200);
    Thread.sleep(2000);
    long idleKb = node.rssKb();
    String asService = serviceUnitIdleRss(jar);
    attempt("floor", () -> measureFloor(jar, node), launchRatio, runnerPss, idleRss);
    idleRss.set(idleKb / 1024.0, String.format("plain java -jar, VmRSS after 1 request and 2 s idle; floor JVM RSS %s; %s",
        floor == null ? "?" : String.format("%.1f MB", floor.rssMb), asService));
    System.out.printf("daemon idle RSS before load: %.1f MB (VmRSS; after 1 request and 2 s idle); %s%n", idleKb / 1024.0, asService);

    List<String> ids = new CopyOnWriteArrayList<>();
    Row sequentialRow = warmPool ? warmRunning : coldRunning;
    attempt("one after another", () -> ids.addAll(sequential(node, client, sequentialRow,
        warmPool ? "default node, warm pool" : "default node, no warm pool in this build")), sequentialRow);
    attempt("burst", () -> ids.addAll(burst(node, client)), burstP99, launches, launchRatio, burstPostP99, fifo);
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

  /** The idle RSS of a node run as the service unit runs it ({@link ServiceUnit}). */
  static String serviceUnitIdleRss(Path jar) {
    try {
      ServiceUnit unit = ServiceUnit.read();
      seedClassArchive(tmpRoot.resolve("w-service"));
      Node node = Node.start(unit.flags(), unit.env(), jar, tmpRoot.resolve("w-service"), Deadline.of("service-unit node", 60));
      try {
        expect(send(client(), get(node, "/health")), 200);
        Thread.sleep(2000);
        return String.format("as %s runs it (%s): %.1f MB", ServiceUnit.FILE, unit.describe(), node.rssKb() / 1024.0);
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
    List<Double> rejectedMs = new ArrayList<>();
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
      // the floor of a POST: the same round trip answered 400 (nothing accepted, nothing written)
      long r0 = System.nanoTime();
      raw.post("/v1/tasks", REJECTED, 400);
      long r1 = System.nanoTime();
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
        rejectedMs.add((r1 - r0) / 1e6);
        idleRunners.add((double) waiting);
      }
      Thread.sleep(SEQUENTIAL_SPACING_MS);
    }
    String cpu = load.end();
    raw.close();
    List<Double> sorted = sorted(runningMs);
    row.set(pct(sorted, 50), String.format("%s; n=%d, p99 %.1f ms", label, sorted.size(), pct(sorted, 99)));
    double rejected = pct(sorted(rejectedMs), 50);
    if (row == warmRunning) {
      warmRatio.set(pct(sorted, 50) / rejected, String.format("medians: POST -> running %.1f ms, rejected POST answered %.1f ms",
          pct(sorted, 50), rejected));
    }
    System.out.printf("  rejected POST round trip (400, same socket, right after each task's POST): %s%n", stats(rejectedMs, 1));
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

  /** 200 tasks submitted at once by 16 threads; first POST sent until all exited. */
  static List<String> burst(Node node, HttpClient client) throws Exception {
    Deadline dl = Deadline.of("burst", 120);
    int finalBefore = count(node, client, "exited") + count(node, client, "lost");
    Load load = Load.start(node);
    double[] cpuBefore = node.cpu();
    Map<String, Long> threadsBefore = threadCpu(node);
    Submitted s = submitConcurrently(node, ECHO, BURST, BURST_THREADS, dl);
    long end = awaitFinalCount(node, client, finalBefore + BURST, dl);
    String cpu = load.end();
    List<Double> runningMs = new ArrayList<>();
    Instant lastFinish = Instant.MIN;
    Instant firstBefore = Instant.MAX;
    for (int i = 0; i < BURST; i++) {
      dl.check("reading the burst's views");
      String view = body(send(client, get(node, "/v1/tasks/" + s.ids()[i])), 200);
      requireSucceeded(s.ids()[i], view);
      runningMs.add(millis(s.before()[i], Instant.parse(required(view, "startedAt"))));
      Instant finished = Instant.parse(required(view, "finishedAt"));
      lastFinish = finished.isAfter(lastFinish) ? finished : lastFinish;
      firstBefore = s.before()[i].isBefore(firstBefore) ? s.before()[i] : firstBefore;
    }
    double seconds = (end - s.firstSendNanos()) / 1e9;
    double[] cpuAfter = node.cpu();
    String byThread = threadCpuDelta(threadsBefore, threadCpu(node));
    List<Double> postSorted = sorted(s.postMs());
    burstPostP99.set(pct(postSorted, 99), String.format("median %.1f ms, max %.1f ms, %d client threads",
        pct(postSorted, 50), postSorted.get(postSorted.size() - 1), BURST_THREADS));
    fifoOrder(node, s.ids());
    List<Double> sorted = sorted(runningMs);
    burstP99.set(pct(sorted, 99), String.format("median %.0f ms, max %.0f ms", pct(sorted, 50), sorted.get(sorted.size() - 1)));
    launches.set(BURST / seconds, String.format("%d-task burst, first POST -> all exited, %.2f s", BURST, seconds));
    double nodeMs = (cpuAfter[0] - cpuBefore[0]) * 1000 / BURST;
    double runnerMs = (cpuAfter[1] - cpuBefore[1]) * 1000 / BURST;
    if (floor != null && feature(nodeJdk) >= 25 && floorMajor != 17) {
      launchRatio.unmeasured(String.format("not measured: issue 13 compares a JDK 25 node with the JDK 17 floor, this floor ran JDK %s"
          + " (run the bench with JDK 17's java, or --floor-java PATH); node %.1f/s, floor %.1f/s", floor.jdk, BURST / seconds, floor.rate));
    } else if (floor != null) {
      // Launches are CPU-bound here: a runner that cost no more than an empty JVM of the node's JDK
      // would reach the JDK 17 floor's CPU over that JVM's plus the node's, at best.
      String ownFloor = nodeJdkFloor == null ? "" : String.format("; an empty JDK %s JVM (AOT cache) %.1f/s, %.0f ms CPU each: with the node's CPU per launch, at most %.2f",
          nodeJdkFloor.jdk, nodeJdkFloor.rate, nodeJdkFloor.cpuPerLaunch * 1000, floor.cpuPerLaunch * 1000 / (nodeJdkFloor.cpuPerLaunch * 1000 + nodeMs));
      launchRatio.set(BURST / seconds / floor.rate, String.format("node %.1f/s (CPU per launch: runner %.0f ms, node %.0f ms), floor %.1f/s (%.0f ms CPU each, JDK %s), %d at a time%s; loadavg %s",
          BURST / seconds, runnerMs, nodeMs, floor.rate, floor.cpuPerLaunch * 1000, floor.jdk, floor.concurrency, ownFloor, loadavg()));
    }
    System.out.printf("launch throughput (%d ECHO tasks POSTed at once by %d client threads, node %s): %.1f tasks/s (first POST sent -> all %d exited seen by polling: %.2f s; -> last finishedAt: %.2f s)%n",
        BURST, BURST_THREADS, node.setting("maxRunningTasks"), BURST / seconds, BURST, seconds, millis(firstBefore, lastFinish) / 1000);
    System.out.printf("  POST -> running (startedAt) within the burst: %s%n", stats(runningMs, 0));
    System.out.printf("  POST latency within the burst (%d concurrent senders): %s; all %d POSTs answered in %.2f s; %s%n",
        BURST_THREADS, stats(s.postMs(), 1), BURST, (s.lastAnswerNanos() - s.firstSendNanos()) / 1e9, cpu);
    System.out.printf("  node CPU by thread over the burst (ms per launch): %s%n", byThread);
    return List.of(s.ids());
  }

  /**
   * The node's CPU time (utime + stime, in clock ticks of 10 ms) by thread name, digits folded
   * ({@code http-12} and {@code http-40} count as {@code http-N}); threads that ended meanwhile are
   * not counted. From {@code /proc/PID/task/TID/stat} and {@code comm} (15 characters of the name).
   */
  static Map<String, Long> threadCpu(Node node) {
    Map<String, Long> ticks = new java.util.TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(node.process.pid()), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path t : threads.toList()) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("\\d+", "N");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(name + "/" + t.getFileName(), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the node is gone
    }
    return ticks;
  }

  /** What each thread name used between two {@link #threadCpu} readings, in ms per burst task, the largest first. */
  static String threadCpuDelta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> byName = new java.util.HashMap<>();
    after.forEach((key, ticks) -> byName.merge(key.substring(0, key.lastIndexOf('/')), ticks - before.getOrDefault(key, 0L), Long::sum));
    return byName.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() * 10.0 / BURST))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** PSS and RSS of {@link #MEMORY_RUNNERS} runners whose tasks sleep, from /proc/PID/smaps_rollup. */
  static void runnerMemory(Node node, HttpClient client) throws Exception {
    Deadline dl = Deadline.of("runner memory", 90);
    int finalBefore = count(node, client, "exited") + count(node, client, "lost");
    Submitted s = submitConcurrently(node, SLEEPER, MEMORY_RUNNERS, MEMORY_RUNNERS, dl);
    Map<String, String> live = awaitLive(node, client, List.of(s.ids()), dl);
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
    runnerPss.set(pct(pssSorted, 50), String.format("RSS median %.1f MB; floor JVM alive: PSS %s", pct(rssSorted, 50),
        floor == null ? "?" : String.format("%.1f MB, ratio %.2f", floor.pssMb, pct(pssSorted, 50) / floor.pssMb)));
    System.out.printf("memory per live runner (%d runners, task sleeping; /proc/PID/smaps_rollup): PSS median %.1f MB (min %.1f, max %.1f); RSS median %.1f MB (min %.1f, max %.1f)%n",
        pss.size(), pct(pssSorted, 50), pssSorted.get(0), pssSorted.get(pss.size() - 1),
        pct(rssSorted, 50), rssSorted.get(0), rssSorted.get(rss.size() - 1));
    for (String id : s.ids()) {
      body(send(client, post(node, "/v1/tasks/" + id + "/stop", "")), 200);
    }
    awaitFinalCount(node, client, finalBefore + MEMORY_RUNNERS, dl);
  }



  /**
   * The floor (see {@link Floor}) with {@code floorJava} (the bench's JDK unless {@code
   * --floor-java}), as many at once as {@code node} runs tasks.
   */
  static void measureFloor(Path jar, Node node) throws Exception {
    Deadline dl = Deadline.of("floor", 240);
    Floor f = Floor.prepare(floorJava, jar, "floor");
    String max = node.setting("maxRunningTasks");
    int concurrency = Integer.parseInt(max.substring(max.indexOf('=') + 1));
    f.launches(BURST, concurrency, dl);
    f.memory(MEMORY_RUNNERS, dl);
    floor = f;
    System.out.println(f.describe() + "; loadavg " + loadavg());
    if (feature(nodeJdk) >= 25 && floorMajor == 17) { // the launch ratio's row compares with JDK 17 alone
      try {
        Floor own = Floor.prepare(nodeJava, jar, "floor-node-jdk");
        own.launches(BURST, concurrency, Deadline.of("the node's JDK's floor", 240));
        nodeJdkFloor = own;
        System.out.println("the node's JDK: " + own.describe() + "; loadavg " + loadavg());
      } catch (Exception e) {
        // a reference for the launch ratio's row, not a row: the run goes on without it
        System.out.println("the node's JDK's floor: not measured (" + e + ")");
      }
    }
  }

  /**
   * Whether the burst's runners were launched in the order the node accepted the tasks: its
   * {@code node.json} marks (seq, launchedAt), read from the work root. A task launched before one
   * accepted earlier counts once.
   */
  static void fifoOrder(Node node, String[] ids) throws IOException {
    List<long[]> marks = new ArrayList<>(); // [seq, launchedAt in nanos since the epoch]
    for (String id : ids) {
      String json = Files.readString(node.workRoot.resolve(id).resolve("node.json"));
      Instant launched = Instant.parse(required(json, "launchedAt"));
      marks.add(new long[] {Long.parseLong(required(json, "seq")), launched.getEpochSecond() * 1_000_000_000L + launched.getNano()});
    }
    marks.sort(java.util.Comparator.comparingLong(m -> m[0]));
    int outOfOrder = 0;
    long latest = Long.MIN_VALUE;
    for (long[] m : marks) {
      if (m[1] < latest) {
        outOfOrder++;
      }
      latest = Math.max(latest, m[1]);
    }
    fifo.set(outOfOrder, String.format("of %d: node.json launchedAt against seq", ids.length));
  }
}
