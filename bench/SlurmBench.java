import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same load through each environment, with the node killed -9 and restarted midway: N short
 * exec tasks (each appends a line to a start marker outside the work root, then exits with its own
 * code, i % 7) submitted with client ids to the packaged daemon; after N/2 are accepted the node is
 * killed with SIGKILL and started again on the same work root, and the rest are submitted to it.
 * Counts lost, started twice (a marker with more than one line), never started and wrong exit
 * codes, and tasks/s from the first submission to the last ending. Before that, the latency of one
 * task at a time: submission accepted to the runner's first status write (for Slurm: the node's
 * sbatch, Slurm's scheduling, the runner JVM's start), median and max of 10.
 *
 * <p>Run (Slurm up, e.g. {@code bash .ci/slurm/setup.sh} as root):
 * {@code java bench/SlurmBench.java runner-api/target/runner-api.jar [tasks=200] [process,slurm]}
 */
public class SlurmBench {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "runner-api/target/runner-api.jar").toAbsolutePath();
    int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<String> environments = List.of((args.length > 2 ? args[2] : "process,slurm").split(","));
    List<String> rows = new ArrayList<>();
    for (String environment : environments) {
      rows.add(run(jar, environment, tasks));
    }
    System.out.println();
    System.out.println("| environment | tasks | node kill -9 | lost | started twice | never started | wrong exit code | wall s | tasks/s | accepted → first status, p50 / max ms (10, one at a time) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  static String run(Path jar, String environment, int tasks) throws Exception {
    Path base = Files.createTempDirectory("slurm-bench-" + environment + "-");
    Path workRoot = Files.createDirectory(base.resolve("work"));
    Path markers = Files.createDirectory(base.resolve("markers"));
    Node node = Node.start(jar, workRoot, environment);
    try {
      // Latency, one task at a time.
      List<Long> latency = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String id = "lat-" + i;
        node.submit(definition(id, markers, 0));
        Map<String, String> view = node.awaitFinal(id);
        latency.add(Duration.between(Instant.parse(view.get("acceptedAt")), Instant.parse(view.get("startedAt"))).toMillis());
      }
      Collections.sort(latency);
      // The load, with a kill -9 midway.
      long t0 = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        if (i == tasks / 2) {
          node.kill9();
          System.out.println(environment + ": node killed -9 after " + i + " accepted; restarting");
          node = Node.start(jar, workRoot, environment);
        }
        node.submit(definition(String.format("t-%04d", i), markers, i % 7));
      }
      Map<String, Map<String, String>> end = node.awaitAllFinal(tasks);
      double wall = (System.nanoTime() - t0) / 1e9;
      int lost = 0, twice = 0, never = 0, wrong = 0;
      for (int i = 0; i < tasks; i++) {
        String id = String.format("t-%04d", i);
        Map<String, String> v = end.get(id);
        Path marker = markers.resolve(id);
        long starts = Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
        if (v == null || !"exited".equals(v.get("state"))) {
          lost++;
          System.out.println(id + ": " + v);
        } else if (!Integer.toString(i % 7).equals(v.get("exitCode"))) {
          wrong++;
          System.out.println(id + ": exit code " + v.get("exitCode") + ", expected " + (i % 7));
        }
        twice += starts > 1 ? 1 : 0;
        never += starts == 0 ? 1 : 0;
      }
      String row = String.format("| %s | %d | 1 | %d | %d | %d | %d | %.1f | %.1f | %d / %d |", environment, tasks, lost,
          twice, never, wrong, wall, tasks / wall, latency.get(latency.size() / 2), latency.get(latency.size() - 1));
      System.out.println(row);
      return row;
    } finally {
      node.stop();
    }
  }

  static String definition(String id, Path markers, int code) {
    return "{\"machine\":\"exec\",\"id\":\"" + id + "\",\"parameters\":{\"shell\":true,\"command\":\"echo started >> "
        + markers.resolve(id) + "; exit " + code + "\"}}";
  }

  static Map<String, String> fields(String object) {
    Map<String, String> m = new HashMap<>();
    Matcher f = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)").matcher(object);
    while (f.find()) {
      m.put(f.group(1), f.group(3) != null ? f.group(3) : f.group(2));
    }
    return m;
  }

  /** A daemon process on its work root, found at the port its "listening on" line names. */
  record Node(Process process, String base) {
    static Node start(Path jar, Path workRoot, String environment) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path log = workRoot.resolveSibling("node-" + System.nanoTime() + ".log"); // one a start: its own line
      Process p = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--work-root", workRoot.toString(),
          "--environment", environment).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Pattern listening = Pattern.compile("listening on (http://\\S+)");
      while (System.nanoTime() < deadline && p.isAlive()) {
        Matcher m = listening.matcher(Files.readString(log));
        if (m.find()) {
          return new Node(p, m.group(1));
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("the node did not listen within 120 s; see " + log);
    }

    void submit(String json) throws Exception {
      for (int attempt = 0; ; attempt++) {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/tasks"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 201 || r.statusCode() == 200) {
          return;
        }
        if (attempt > 50) {
          throw new IllegalStateException("submission refused: " + r.statusCode() + " " + r.body());
        }
        Thread.sleep(200);
      }
    }

    Map<String, String> awaitFinal(String id) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (System.nanoTime() < deadline) {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/tasks/" + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> v = fields(body);
        if ("exited".equals(v.get("state")) || "lost".equals(v.get("state"))) {
          return v;
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException(id + ": not final within 5 minutes");
    }

    Map<String, Map<String, String>> awaitAllFinal(int tasks) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
      while (true) {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/tasks?limit=1000")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Map<String, String>> views = new HashMap<>();
        Matcher m = OBJECT.matcher(body);
        while (m.find()) {
          Map<String, String> v = fields(m.group());
          if (v.get("taskId") != null && v.get("taskId").startsWith("t-")) {
            views.put(v.get("taskId"), v);
          }
        }
        long done = views.values().stream().filter(v -> "exited".equals(v.get("state")) || "lost".equals(v.get("state"))).count();
        if (done >= tasks || System.nanoTime() > deadline) {
          return views;
        }
        Thread.sleep(100);
      }
    }

    void kill9() throws Exception {
      process.destroyForcibly();
      process.waitFor();
    }

    void stop() throws Exception {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
