package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;

import dev.taskrunner.core.env.Environment;
import dev.taskrunner.core.env.ProcessEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A task service on a work root with real runner JVMs and test-sized timings (heartbeat 200 ms,
 * stalled after 3 beats, 1.5 s stop grace). Restartable on the same work root; kills every runner
 * it saw when the test ends.
 */
final class ServiceFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  final Path workRoot;
  private final int maxRunning;
  private final java.util.function.UnaryOperator<NodeConfig.Builder> tweak;
  /** Makes each node's environment; runners on this host unless a test says otherwise. */
  java.util.function.Function<NodeConfig, Environment> environments = config -> new ProcessEnvironment(
      config.runnerJava(), config.runnerJvmOptions(), System.getProperty("java.class.path"), TaskServices.runnerArgs(config));
  private final List<LocalTaskService> services = new ArrayList<>();
  private LocalTaskService current;

  ServiceFixture(Path workRoot, int maxRunning) {
    this(workRoot, maxRunning, b -> b);
  }

  /** With {@code tweak} applied to the test-sized settings. */
  ServiceFixture(Path workRoot, int maxRunning, java.util.function.UnaryOperator<NodeConfig.Builder> tweak) {
    this.workRoot = workRoot;
    this.maxRunning = maxRunning;
    this.tweak = tweak;
  }

  NodeConfig config() {
    return tweak.apply(NodeConfig.defaults(workRoot).toBuilder()
        .maxRunningTasks(maxRunning)
        .timing(Duration.ofMillis(200), 3, Duration.ofMillis(1500), Duration.ofMillis(100)))
        .build();
  }

  /** Starts a service (a node) on the work root, as a restarted node would. */
  LocalTaskService start() {
    NodeConfig config = config();
    Environment environment = environments.apply(config);
    current = new LocalTaskService(config, environment, Clock.systemUTC());
    current.start();
    services.add(current);
    return current;
  }

  /** Drops the node without any goodbye, as a crash would: tasks keep running. */
  void crash() {
    current.close();
  }

  LocalTaskService service() {
    return current;
  }

  TaskView submit(String json) {
    return current.submit(json.getBytes(StandardCharsets.UTF_8)).task();
  }

  TaskView awaitState(String id, TaskState state) {
    try {
      await().atMost(WAIT).until(() -> current.get(id).state() == state);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("task " + id + " not " + state.json() + " within " + WAIT + ": " + current.get(id)
          + describeDirectory(workRoot.resolve(id)), e);
    }
    return current.get(id);
  }

  /** The small files of a task directory, for a failure message: what the node and the runner wrote. */
  static String describeDirectory(Path dir) {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        text.append("\n--- ").append(f.getFileName());
        if (Files.isRegularFile(f) && Files.size(f) < 8192) {
          text.append(":\n").append(Files.readString(f, StandardCharsets.ISO_8859_1));
        }
      }
    } catch (IOException e) {
      text.append("\n(cannot list ").append(dir).append(": ").append(e).append(')');
    }
    return text.toString();
  }

  String output(String id) {
    return new String(current.readOutput(id, 0, 1 << 20).bytes(), StandardCharsets.UTF_8);
  }

  /**
   * Closes every service and kills every process this JVM started (runners, launched or still
   * starting, and their trees), waiting until they are gone so none writes into a directory
   * that the test is about to delete.
   */
  @Override
  public void close() {
    services.forEach(LocalTaskService::close);
    List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
    left.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : left) {
      try {
        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the test that left it, if it matters
      }
    }
  }
}
