package dev.taskrunner.api.faults;

import static java.nio.charset.StandardCharsets.UTF_8;

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

/**
 * The packaged daemon ({@code java [jvm options] -jar runner-api.jar}) as its own OS process on a
 * free port of 127.0.0.1, with a clean {@code RUNNER_*} environment. {@link #kill9()} is a real
 * SIGKILL. The node's runners are detached from it: whoever starts a node also cleans up its tasks
 * ({@link Kernel#killTasks}).
 */
final class Node implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("runner.api.jar", "runner-api/target/runner-api.jar"))
      .toAbsolutePath();
  /** Time to start and re-adopt; generous for a loaded 2-core box, where a JVM start alone can take seconds. */
  static final Duration START_BOUND = Duration.ofSeconds(120);
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)$");

  final Process process;
  final long launchedNanos = System.nanoTime();
  final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile int port;
  private volatile long listeningNanos;

  private Node(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "node-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node on {@code workRoot} with {@code jvmOptions} before {@code -jar} and {@code args} after it. */
  static Node start(Path workRoot, List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("build the daemon jar first (mvn -B -q package -DskipTests): " + JAR);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString(), "--port", "0", "--work-root", workRoot.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workRoot.getParent().toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("RUNNER_"));
    builder.environment().putAll(env);
    return new Node(builder.start());
  }

  /** Waits for the {@code listening on} line, printed once every task is re-adopted. */
  Node awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    while (port == 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + " before listening: " + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node not listening within " + START_BOUND + ": " + tail());
      }
      Thread.sleep(20);
    }
    return this;
  }

  int port() {
    return port;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** From launch to the {@code listening on} line: start-up plus re-adoption. */
  Duration startTime() {
    return Duration.ofNanos(listeningNanos - launchedNanos);
  }

  long pid() {
    return process.pid();
  }

  /** {@code kill -9} and wait for the process to be gone. */
  void kill9() throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + pid() + " survived SIGKILL for 60 s");
    }
  }

  String tail() {
    int n = lines.size();
    return String.join("\n", lines.subList(Math.max(0, n - 20), n));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill9();
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
        Matcher m = LISTENING.matcher(line);
        if (port == 0 && m.find()) {
          listeningNanos = System.nanoTime();
          port = Integer.parseInt(m.group(1));
        }
      }
    } catch (IOException e) {
      // the node is gone
    }
  }
}
