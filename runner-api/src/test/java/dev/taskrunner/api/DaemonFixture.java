package dev.taskrunner.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Starts packaged daemons ({@code java -jar runner-api.jar}) as OS processes on one work root,
 * and on {@link #close()} kills every daemon it started and every runner any of them reported
 * (with the runners' descendants): runners are detached from their daemon, so killing a daemon
 * alone would leave them behind.
 */
final class DaemonFixture implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("runner.api.jar", "target/runner-api.jar")).toAbsolutePath();
  /** Fast heartbeats and a short stop grace, so stalls and stops settle within a test's time. */
  static final List<String> FAST = List.of("--heartbeat-ms", "200", "--stall-beats", "3", "--stop-grace-ms", "2000");
  final Path workRoot;
  private final Path cwd;
  private final List<DaemonProcess> daemons = new CopyOnWriteArrayList<>();
  /** Guarded by itself: written by the test thread and by views parsed on it. */
  private final Map<Long, ProcessHandle> runners = new LinkedHashMap<>();

  DaemonFixture(Path temp) throws IOException {
    this.cwd = temp;
    this.workRoot = Files.createDirectories(temp.resolve("work"));
  }

  /** A daemon on the work root, on a free port, with {@link #FAST} timing and {@code args}; ready. */
  DaemonProcess start(String... args) throws IOException {
    return launch(cwd, JAR.toString(), Map.of(), args).awaitListening();
  }

  /**
   * Launches a daemon without waiting for it: run from {@code directory} with {@code jar} as
   * given (relative or not) and {@code env} added to an environment cleared of {@code RUNNER_*}.
   */
  DaemonProcess launch(Path directory, String jar, Map<String, String> env, String... args) throws IOException {
    // SIGINT as a terminal leaves it (through env, which execs java in the same process): a build
    // run as a script's background job has it ignored, every child inherits that, and a JVM that
    // starts with SIGINT ignored never handles it, so Ctrl-C could not be tested.
    return launchWith("--default-signal=INT", directory, jar, env, args);
  }

  /** A daemon started with {@code signal} ({@code INT}, {@code TERM}) ignored, as a background job or a supervisor may start it; ready. */
  DaemonProcess startIgnoring(String signal, String... args) throws IOException {
    return launchWith("--ignore-signal=" + signal, cwd, JAR.toString(), Map.of(), args).awaitListening();
  }

  /** {@link #launch} through {@code env} with {@code signals}, its option for the signals java starts with. */
  private DaemonProcess launchWith(String signals, Path directory, String jar, Map<String, String> env, String... args) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "build the daemon jar first (mvn -o install -DskipTests): " + JAR);
    List<String> command = new ArrayList<>(List.of("env", signals,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar, "--port", "0", "--work-root", workRoot.toString()));
    command.addAll(FAST);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("RUNNER_"));
    builder.environment().putAll(env);
    DaemonProcess daemon = new DaemonProcess(builder.start(), this::sawView);
    daemons.add(daemon);
    return daemon;
  }

  private void sawView(JsonNode view) {
    if (view.hasNonNull("pid")) {
      long pid = view.get("pid").asLong();
      synchronized (runners) {
        if (!runners.containsKey(pid)) {
          ProcessHandle.of(pid).ifPresent(p -> runners.put(pid, p)); // the handle keeps the start time
        }
      }
    }
  }

  /** Alive and not a zombie: an orphaned runner may wait unreaped under a pid 1 that never reaps. */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (DaemonProcess d : daemons) {
      if (d.process.isAlive()) {
        try {
          d.list(); // learn runners it knows of that the test never asked about
        } catch (IOException | RuntimeException e) {
          // not listening (yet, or any more): nothing to learn
        }
      }
      d.process.toHandle().destroyForcibly();
    }
    for (DaemonProcess d : daemons) {
      try {
        d.process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<ProcessHandle> doomed = new ArrayList<>();
    synchronized (runners) {
      for (ProcessHandle runner : runners.values()) {
        runner.descendants().forEach(doomed::add); // before the runner dies and they are reparented
        doomed.add(runner);
      }
    }
    doomed.forEach(ProcessHandle::destroyForcibly);
  }
}
