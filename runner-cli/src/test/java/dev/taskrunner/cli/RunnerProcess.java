package dev.taskrunner.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone runner started for real: {@code java -jar runner-cli.jar task.json} in a task
 * directory. Remembers every process of its tree it has seen, so a test can assert none is left
 * and {@link #killAll()} can clean up whatever a test left behind.
 */
final class RunnerProcess {
  private static final Path JAR = Path.of(System.getProperty("runner.cli.jar", "target/runner-cli.jar"));
  private final Path dir;
  private final Process process;
  private static final AtomicInteger STARTS = new AtomicInteger();
  private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
  private final Path terminal;

  private RunnerProcess(Path dir, Process process, Path terminal) {
    this.dir = dir;
    this.process = process;
    this.terminal = terminal;
    seen.add(process.toHandle());
  }

  /** Writes {@code task.json} into {@code dir} and starts a runner there. */
  static RunnerProcess start(Path dir, String taskJson, String... extraArgs) throws IOException {
    Files.writeString(dir.resolve("task.json"), taskJson);
    // SIGINT as a terminal leaves it (through env, which execs java in the same process): a build
    // run as a script's background job has it ignored, every child inherits that, and a JVM that
    // starts with SIGINT ignored never handles it, so Ctrl-C could not be tested.
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", javaBin(), "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(extraArgs));
    command.add("task.json");
    // Outside the task directory, so a second runner there cannot see or clobber it.
    Path terminal = dir.resolveSibling(dir.getFileName() + "-terminal-" + STARTS.incrementAndGet() + ".txt");
    terminal.toFile().deleteOnExit(); // beside a @TempDir it is no temporary directory's: gone with the test JVM
    Process p = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(terminal.toFile())
        .start();
    return new RunnerProcess(dir, p, terminal);
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the runner to exit and returns its exit code. */
  int waitFor(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("runner still running after " + limit + "; terminal: " + terminal());
    }
    return process.exitValue();
  }

  /** Waits until the runner has written its first status. */
  RunnerProcess awaitStarted() {
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("status.json")));
    return this;
  }

  /** Waits until the runner's tree holds at least {@code count} processes besides the runner. */
  List<ProcessHandle> awaitDescendants(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      // One snapshot for both: counted from a second one, a process that appeared in between was never seen.
      List<ProcessHandle> now = process.toHandle().descendants().toList();
      seen.addAll(now);
      return now.size() >= count;
    });
    return List.copyOf(seen);
  }

  /** Every process of the tree seen so far, the runner included, that is still alive. */
  List<ProcessHandle> aliveOfTree() {
    return seen.stream().filter(ProcessHandle::isAlive).toList();
  }

  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-s", name, Long.toString(pid())).start().waitFor();
  }

  String status() throws IOException {
    return Files.readString(dir.resolve("status.json"));
  }

  String output() throws IOException {
    return Files.readString(dir.resolve("output.log"));
  }

  String terminal() {
    try {
      return Files.readString(terminal, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no terminal output: " + e.getMessage() + ")";
    }
  }

  void killAll() {
    seen.forEach(ProcessHandle::destroyForcibly);
  }

  /** The raw JSON text of one field of {@code status.json}: {@code "failed"}, {@code 3}, {@code null}. */
  static String field(String statusJson, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]+)").matcher(statusJson);
    if (!m.find()) {
      throw new AssertionError("no field " + name + " in " + statusJson);
    }
    return m.group(1);
  }
}
