package dev.taskrunner.core.machine.exec;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskOutput;
import dev.taskrunner.core.process.TaskProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A task's directory ({@code ROOT/work}, as a node lays it out), its output and context for exec
 * tests; after each test, every process with the test's cookie is killed and the directory removed.
 */
final class ExecFixture implements BeforeEachCallback, AfterEachCallback {
  static final Duration GRACE = Duration.ofSeconds(1);
  /** Generous: CI is a loaded 2-core box. */
  static final Duration LIMIT = Duration.ofSeconds(30);
  /** Where no perl is: the exec machine falls back to starting the command directly. */
  static final Path NO_PERL = Path.of("/nonexistent/perl");

  Path root;
  Path directory;
  ByteArrayOutputStream buffer;
  TaskContext context;

  @Override
  public void beforeEach(ExtensionContext unused) throws IOException {
    root = Files.createTempDirectory("exec-test");
    directory = Files.createDirectory(root.resolve("work"));
    buffer = new ByteArrayOutputStream();
    context = new TaskContext("t1", directory, new TaskOutput(buffer, null), GRACE);
  }

  @Override
  public void afterEach(ExtensionContext unused) throws IOException {
    TaskProcesses.kill(context.cookie(), Duration.ZERO);
    try (Stream<Path> tree = Files.walk(root)) {
      tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The same task run as {@code user}. */
  TaskContext asUser(String user) {
    return new TaskContext(context.taskId(), directory, context.output(), GRACE, context.cookie(), user);
  }

  static Execution prepare(String parameters) {
    return new ExecMachine().prepare(Json.parse(parameters.getBytes(StandardCharsets.UTF_8)));
  }

  /** An execution that starts its command without the waiter, as where there is no perl. */
  static Execution withoutPerl(String parameters) {
    ExecExecution prepared = (ExecExecution) prepare(parameters);
    return prepared.withPerl(NO_PERL);
  }

  CompletableFuture<Integer> runInBackground(Execution execution) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return execution.run(context);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** True once no process has this pid, or it is a zombie (ended, not reaped yet). */
  static boolean gone(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true;
    }
  }
}
