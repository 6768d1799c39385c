package dev.taskrunner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CLI as users run it: {@code java -jar runner-cli.jar ARGS}, in its own process, with no
 * {@code RUNNER_*} variable from the test's environment unless given. Its stdout and stderr go to
 * files, so a test can read what a follower printed so far.
 */
final class CliProcess {
  private static final Path JAR = Path.of(System.getProperty("runner.cli.jar", "target/runner-cli.jar"));
  private static final AtomicInteger STARTS = new AtomicInteger();
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  /** What a finished CLI run left: its exit code, stdout and stderr. */
  record Result(int exit, String stdout, String stderr) {}

  private CliProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts the CLI in {@code dir} (where its output files go, too). */
  static CliProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", privateCopy(JAR, dir).toString()));
    command.addAll(List.of(args));
    int n = STARTS.incrementAndGet();
    Path out = dir.resolve("cli-" + n + ".out");
    Path err = dir.resolve("cli-" + n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("RUNNER_"));
    builder.environment().putAll(env);
    return new CliProcess(builder.start(), out, err);
  }

  /**
   * A copy of {@code jar} in {@code dir}, made once: a build running meanwhile may rewrite the
   * original, and a JVM whose jar changes under it fails in odd ways (classes that vanish).
   */
  static Path privateCopy(Path jar, Path dir) throws IOException {
    Path copy = dir.resolve(jar.getFileName());
    if (!Files.exists(copy)) {
      Path part = Files.createTempFile(dir, "copy-", ".part");
      Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, copy, StandardCopyOption.ATOMIC_MOVE);
    }
    return copy.toAbsolutePath();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the CLI to exit; fails the test past {@code limit}. */
  Result await(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("runner-cli still running after " + limit + "; stdout: " + stdout() + " stderr: " + stderr());
    }
    return new Result(process.exitValue(), stdout(), stderr());
  }

  void kill() {
    process.destroyForcibly();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
