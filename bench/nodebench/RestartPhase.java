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
import static nodebench.Steps.*;
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/** kill -9 of a node over 10,000 task directories, 1,000 live, and its restart. */
@SuppressWarnings("unused")
final class RestartPhase {
  private RestartPhase() {}

  // ---------------------------------------------------------------- restart

  /** One way of running a node: its JVM flags and environment, and the row its restart ratio goes to. */
  record NodeRun(String name, List<String> jvm, Map<String, String> env, Row ratio) {}

  /**
   * 10,000 task directories, 1,000 live: 1,000 real runner JVMs would need far more memory than
   * this machine has, so 980 live ones are stand-ins (see {@link #writeTaskDirectories}) and 20
   * are real runners, so re-adoption of a real runner is exercised too. The node is killed and
   * restarted twice: run as plain {@code java -jar} (with {@code --node-jvm-option}s), then as the
   * service unit runs it; each restart against empty starts run the same way.
   */
  static void restartPhase(Path jar) throws Exception {
    Path root = tmpRoot.resolve("w-restart");
    Deadline setup = Deadline.of("restart (setup)", 150);
    writeTaskDirectories(root, setup);
    // every live task counts against maxRunningTasks; retention must not forget the 9,000 finished ones meanwhile
    String[] flags = {"--max-running-tasks", "2000", "--retention-max-tasks", "100000"};
    ServiceUnit unit = ServiceUnit.read();
    List<NodeRun> runs = List.of(new NodeRun("java -jar" + (Main.nodeJvmOptions.isEmpty() ? "" : " " + String.join(" ", Main.nodeJvmOptions)),
            Main.nodeJvmOptions, Map.of(), restartRatio),
        new NodeRun("as " + ServiceUnit.FILE + " runs it (" + unit.describe() + ")", unit.flags(), unit.env(), restartRatioUnit));
    // The floor is measured twice, before the first node and after the last restart, and its
    // median taken over both: the host's load drifts within a run. Not while the kernel still
    // writes back the 40,000 files just made.
    new ProcessBuilder("sync").inheritIO().start().waitFor();
    if (readyArchiveDir == null) {
      // Run alone (--only restart), no earlier phase made a runner class archive: an empty start
      // would train one, with two warm runners starting without it, and take about twice as long.
      // The restart's work root has one (its first node made it), so the floor must have one too.
      startNode(jar, tmpRoot.resolve("w-archive"), "restart: a node to make the runner class archive", flags).stop();
    }
    Map<NodeRun, List<Double>> emptyMs = new LinkedHashMap<>();
    for (NodeRun run : runs) {
      emptyMs.put(run, emptyStarts(jar, flags, run, 0));
      System.out.printf("  node start on an empty work root (the restart's floor), %s, before: %s%n", run.name(), stats(emptyMs.get(run), 0));
    }
    Node node = startNode(jar, root, "restart: first node", flags);
    HttpClient client = client();
    Submitted real = submitConcurrently(node, SLEEPER, RESTART_REAL, 4, setup);
    Map<String, String> realPids = awaitLive(node, client, List.of(real.ids()), setup);
    Map<String, String> realStarted = new LinkedHashMap<>();
    for (String id : real.ids()) {
      realStarted.put(id, required(body(send(client, get(node, "/v1/tasks/" + id)), 200), "startedAt"));
    }
    long dirs = taskDirectories(root);
    int known = count(node, client, null);
    if (dirs != RESTART_FINISHED + RESTART_LIVE || known != dirs) {
      throw new IllegalStateException("restart: expected " + (RESTART_FINISHED + RESTART_LIVE) + " task directories and tasks, found "
          + dirs + " directories, " + known + " tasks");
    }
    System.out.printf("  (restart setup: %d task directories: %d finished, %d live (%d stand-ins, %d real runners); first node RSS %.1f MB)%n",
        dirs, RESTART_FINISHED, RESTART_LIVE, standIns.size(), RESTART_REAL, node.rssKb() / 1024.0);
    Thread.sleep(2000); // let the real runners finish starting up: the restart then competes with nothing but heartbeats
    Path index = root.resolve(".index"); // the index of finished tasks the first node wrote, if this node keeps one
    System.out.printf("  (before the kill: %s)%n", Files.exists(index) ? "index of finished tasks " + Files.size(index) + " bytes" : "no index of finished tasks");

    Map<NodeRun, Double> restartMs = new LinkedHashMap<>();
    List<String> wrong = new ArrayList<>();
    for (NodeRun run : runs) {
      node.process.destroyForcibly();
      if (!node.process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("restart: the killed node did not exit");
      }
      long survivors = realPids.values().stream().filter(pid -> ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)).count()
          + standIns.stream().filter(StandIn::alive).count();
      Load restartLoad = Load.start(null);
      // NODEBENCH_RESTART_JVM: extra JVM flags for the restarted nodes alone, to profile them (e.g. -XX:StartFlightRecording=...)
      String profile = System.getenv().getOrDefault("NODEBENCH_RESTART_JVM", "").strip();
      List<String> jvm = new ArrayList<>(run.jvm());
      if (!profile.isEmpty()) {
        jvm.addAll(List.of(profile.split("\\s+")));
      }
      node = Node.start(jvm, run.env(), jar, root, Deadline.of("restart (" + run.name() + ")", 60), flags);
      String restartCpu = restartLoad.end();
      restartMs.put(run, node.readyMillis());
      System.out.printf("node restart to ready, %s, after kill -9 (%d task dirs, %d live, %d of them alive): %.0f ms (process start -> 'listening on' line; %s)%n",
          run.name(), dirs, RESTART_LIVE, survivors, node.readyMillis(), node.breakdown());
      System.out.printf("  node's own line: %s%n", node.recoveredLine == null ? "(no 'recovered N tasks' line)" : node.recoveredLine);
      for (String line : Files.readAllLines(tmpRoot.resolve("node-" + (nodes.size() - 1) + ".log"))) {
        if (line.contains("Recovery - ") || line.contains("FinishedIndex - ")) {
          System.out.printf("  node's own line: %s%n", line);
        }
      }
      System.out.printf("  (restart: %s; restarted node CPU %.1f s)%n", restartCpu, node.cpuSeconds());
      String wrongHere = readopted(node, client, real, realPids, realStarted);
      if (wrongHere != null) {
        wrong.add(run.name() + ": " + wrongHere);
      }
    }

    Deadline verify = Deadline.of("restart (stop)", 90);
    for (String id : real.ids()) {
      body(send(client, post(node, "/v1/tasks/" + id + "/stop", "")), 200);
    }
    for (String id : real.ids()) {
      awaitState(node, client, id, "exited", verify);
    }
    node.stop();
    System.out.printf("  then: the %d real tasks stopped through the last restarted node (all exited)%n", RESTART_REAL);
    for (NodeRun run : runs) {
      // with the stand-ins still alive: an empty start scans the same processes the restart did
      List<Double> all = emptyMs.get(run);
      double before = pct(sorted(all), 50);
      List<Double> after = emptyStarts(jar, flags, run, EMPTY_STARTS);
      System.out.printf("  node start on an empty work root, %s, after the restarts: %s%n", run.name(), stats(after, 0));
      all.addAll(after);
      double emptyStart = pct(sorted(all), 50);
      run.ratio().set(restartMs.get(run) / emptyStart, String.format("restart %.0f ms, empty start %.0f ms (median of %d: %.0f before, %.0f after)%s; loadavg %s",
          restartMs.get(run), emptyStart, all.size(), before, pct(sorted(after), 50), wrong.isEmpty() ? "" : "; re-adoption WRONG", loadavg()));
    }
    restart.set(restartMs.get(runs.get(0)) / 1000, wrong.isEmpty() ? "all 1,000 live re-adopted, none lost or started again" : "re-adoption WRONG, see above");
    int killed = killStandIns();
    System.out.printf("  then: %d stand-ins killed%n", killed);
    if (!wrong.isEmpty()) {
      for (Row row : List.of(restart, restartRatio, restartRatioUnit)) {
        row.verdict = "MISSED"; // fast but wrong is no restart
      }
      throw new IllegalStateException("restart: a restarted node does not show the expected tasks: " + wrong);
    }
  }

  /**
   * Checks what a restarted node shows: every task, the live ones running or stalled, the real
   * runners re-adopted with their pid and start. Prints it; returns what is wrong, or null.
   */
  static String readopted(Node node, HttpClient client, Submitted real, Map<String, String> realPids,
      Map<String, String> realStarted) throws Exception {
    Map<String, Integer> states = new LinkedHashMap<>();
    for (String state : List.of("queued", "running", "stalled", "stopping", "exited", "lost")) {
      states.put(state, count(node, client, state));
    }
    int total = count(node, client, null);
    List<String> realWrong = new ArrayList<>();
    for (String id : real.ids()) {
      String view = body(send(client, get(node, "/v1/tasks/" + id)), 200);
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
        node.rssKb() / 1024.0);
    return right ? null : total + " tasks, by state " + states + (realWrong.isEmpty() ? "" : ", real runners: " + realWrong.get(0));
  }

  /** {@link Bench#EMPTY_STARTS} node starts run as {@code run}, each on an empty work root of its own (its class archive seeded), to ready. */
  static List<Double> emptyStarts(Path jar, String[] flags, NodeRun run, int first) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = first; i < first + EMPTY_STARTS; i++) {
      Path empty = tmpRoot.resolve("w-empty-" + (run.ratio() == restartRatio ? "jar-" : "unit-") + i);
      seedClassArchive(empty);
      Node node = Node.start(run.jvm(), run.env(), jar, empty, Deadline.of("restart (empty start)", 60), flags);
      ms.add(node.readyMillis());
      node.stop();
    }
    return ms;
  }

  /**
   * Writes the restart phase's task directories as the node and the runner write them: {@code
   * node.json} (seq, acceptedAt, launchedAt, the task's summary, the runner's identity), {@code
   * task.json}, {@code status.json}, {@code output.log}. The live ones name a stand-in process
   * started here ({@code sleep}) by its kernel identity (pid, start ticks, boot id), which is what
   * the node checks to re-adopt a runner; their last heartbeat is now.
   * The finished ones finished within the last hour (well inside retention by age).
   */
  static void writeTaskDirectories(Path root, Deadline dl) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(root);
    startStandIns(RESTART_LIVE - RESTART_REAL, root, RESTART_FINISHED, dl);
    double standInSeconds = (System.nanoTime() - t0) / 1e9;
    String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    Instant base = Instant.now().minus(Duration.ofHours(1));
    long seq = 0;
    String bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    for (int i = 0; i < RESTART_FINISHED; i++) {
      dl.check("writing task directories");
      Instant accepted = base.plusMillis(300 * seq);
      Instant started = accepted.plusMillis(80);
      Instant finished = started.plusMillis(40);
      String id = String.format("bench-done-%05d", i);
      String status = statusJson(id, 100_000 + i, accepted.plusMillis(5), host, started, finished, finished, "0", "\"succeeded\"");
      // a runner long gone: a pid and start no process has now
      writeTaskDirectory(root.resolve(id), ++seq, accepted, ECHO, status, "hi\n", runner(100_000 + i, 1, bootId));
    }
    for (StandIn s : standIns) {
      String id = liveId(seq); // the directory its stand-in names
      Instant now = Instant.now();
      String status = statusJson(id, s.handle().pid(), s.startedAt(), host, s.startedAt().plusMillis(80), now, null, "null", "null");
      writeTaskDirectory(root.resolve(id), ++seq, s.startedAt().minusMillis(20), SLEEPER, status, "",
          runner(s.handle().pid(), startTicks(s.handle().pid()), bootId));
    }
    System.out.printf("  (restart setup: %d stand-in processes started in %.1f s; %d finished and %d live task directories written in %.1f s)%n",
        standIns.size(), standInSeconds, RESTART_FINISHED, standIns.size(), (System.nanoTime() - t0) / 1e9 - standInSeconds);
  }

  static void writeTaskDirectory(Path dir, long seq, Instant accepted, String definition, String status, String output,
      String runner) throws IOException {
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("node.json"), String.format(
        "{\"version\":1,\"seq\":%d,\"acceptedAt\":\"%s\",\"launchedAt\":\"%s\",\"stopRequestedAt\":null,"
            + "\"task\":{\"machine\":\"echo\",\"name\":null,\"timeoutSeconds\":null},\"runner\":%s}",
        seq, accepted, accepted.plusMillis(2), runner));
    Files.writeString(dir.resolve("task.json"), definition.replaceFirst("\\}$", ",\"id\":\"" + dir.getFileName() + "\"}"));
    Files.writeString(dir.resolve("status.json"), status);
    Files.writeString(dir.resolve("output.log"), output);
  }

  /** The runner's identity as node.json records it after a launch (NodeMarks: pid, startTicks, bootId). */
  static String runner(long pid, long startTicks, String bootId) {
    return String.format("{\"pid\":%d,\"startTicks\":%d,\"bootId\":\"%s\"}", pid, startTicks, bootId);
  }

  /** Field 22 of /proc/PID/stat: clock ticks from boot to the process's start. */
  static long startTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
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
   * Starts {@code n} sleeping processes from one shell (far quicker than as many process starts
   * from this JVM), which prints their pids and exits; they outlive it and are killed by
   * {@link #killStandIns} (or {@link #cleanup}). They sleep longer than the bench may run. Each is
   * {@code perl -e 'sleep 900' TaskRunnerMain DIR}: a command line the node takes for its runner of
   * {@code DIR} (the runner's main class and its task directory), as it checks before re-adopting.
   */
  static void startStandIns(int n, Path root, long firstSeq, Deadline dl) throws Exception {
    Process sh = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + n + " ]; do"
        + " perl -e 'sleep 900' " + RUNNER_MAIN + " \"$(printf '%s/bench-live-%05d' '" + root + "' $((" + firstSeq + " + i)))\""
        + " </dev/null >/dev/null 2>&1 & echo $!; i=$((i+1)); done")
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

  /** The id of the live task with this seq, as its stand-in's command line names its directory. */
  static String liveId(long seq) {
    return String.format("bench-live-%05d", seq);
  }

  /** SIGKILL to every stand-in still alive (pid and start time checked, so no recycled pid is hit); returns how many. */
  static int killStandIns() {
    int killed = 0;
    for (StandIn s : standIns) {
      if (s.alive() && s.handle().destroyForcibly()) {
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

}
