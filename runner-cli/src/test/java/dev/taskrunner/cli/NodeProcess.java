package dev.taskrunner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real node, {@code java -jar runner-api.jar --port P --work-root W}, on 127.0.0.1. Its runners
 * are detached and outlive it (that is the point of the product), so {@link #killRunnersUnder}
 * finds them by their task directories and kills them with their trees.
 */
final class NodeProcess {
  private static final Path JAR = Path.of(System.getProperty("runner.api.jar", "../runner-api/target/runner-api.jar"));
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)$");
  private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final int port;

  private NodeProcess(Process process) {
    this.process = process;
    collectStdout();
    await().atMost(Duration.ofSeconds(60)).until(() -> listeningPort() > 0 || !process.isAlive());
    this.port = listeningPort();
    assertTrue(port > 0, "the node did not start: " + lines);
  }

  /** Starts a node on {@code port} (0: a free one) over {@code workRoot}; {@code env} adds variables (e.g. RUNNER_API_TOKEN). */
  static NodeProcess start(Path workRoot, int port, Map<String, String> env) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "build runner-api first (mvn install -DskipTests): " + JAR);
    Path jar = CliProcess.privateCopy(JAR, workRoot.getParent());
    List<String> command = List.of(CliProcess.javaBin(), "-jar", jar.toString(),
        "--port", Integer.toString(port), "--work-root", workRoot.toString(), "--stop-grace-ms", "2000");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workRoot.getParent().toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("RUNNER_"));
    builder.environment().putAll(env);
    return new NodeProcess(builder.start());
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String log() {
    return String.join("\n", lines);
  }

  /** {@code kill -9}: the node dies at once, its runners live on. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the node did not die");
  }

  /** Kills the node, then every runner (and its processes) still working under {@code workRoot}. */
  void killWithRunnersUnder(Path workRoot) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    killRunnersUnder(workRoot);
  }

  /** A runner is ours when its command line names a directory under {@code workRoot}: never a recycled pid. */
  static void killRunnersUnder(Path workRoot) {
    if (!Files.isDirectory(workRoot)) {
      return;
    }
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(workRoot)) {
      for (Path status : dirs.map(d -> d.resolve("status.json")).filter(Files::isRegularFile).toList()) {
        Matcher m = PID.matcher(Files.readString(status));
        if (m.find()) {
          pids.add(Long.parseLong(m.group(1)));
        }
      }
    } catch (IOException e) {
      // a directory that vanished meanwhile: its runner is gone with it
    }
    for (long pid : pids) {
      ProcessHandle.of(pid)
          .filter(p -> p.info().commandLine().map(c -> c.contains(workRoot.toString())).orElse(false))
          .ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
          });
    }
  }

  private int listeningPort() {
    for (String line : lines) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  private void collectStdout() {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the node ended
      }
    }, "node-stdout");
    reader.setDaemon(true);
    reader.start();
  }
}
