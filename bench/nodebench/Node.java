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

class Node {
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
