package dev.taskrunner.core.machine.exec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs short real commands ({@code sh}, {@code sleep}) through the exec machine. */
class ExecExecutionTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private TaskContext context;

  @BeforeEach
  void context() {
    context = new TaskContext("t1", directory, new TaskOutput(buffer, null), Duration.ofSeconds(1));
  }

  @Test
  void returnsTheCommandsExitCodeAndCapturesStdoutAndStderr() throws Exception {
    Execution execution = prepare("{\"command\": [\"sh\", \"-c\", \"echo to-out; echo to-err >&2; exit 3\"]}");

    int code = execution.run(context);

    assertEquals(3, code);
    assertTrue(output().contains("to-out\n"), output());
    assertTrue(output().contains("to-err\n"), output());
  }

  @Test
  void keepsTheOrderInWhichStdoutAndStderrWereWritten() throws Exception {
    // 64 KiB on stdout, then one line on stderr: with a pipe per stream the stderr line could be
    // pumped first; the merged stream keeps it after everything written before it.
    Execution execution = prepare("{\"command\": [\"sh\", \"-c\", "
        + "\"i=0; while [ $i -lt 1024 ]; do printf '%063d\\\\n' $i; i=$((i+1)); done; echo err >&2; echo out\"]}");

    assertEquals(0, execution.run(context));
    assertEquals(64 * 1024 + "err\nout\n".length(), output().length());
    assertTrue(output().startsWith("0000"), output().substring(0, 16));
    assertTrue(output().endsWith("0001023\nerr\nout\n"));
  }

  @Test
  void passesArgumentsAsTheyAreWithoutAShell() throws Exception {
    Execution execution = prepare("{\"command\": [\"printf\", \"%s|\", \"two words\", \"$HOME\", \"*\"]}");

    assertEquals(0, execution.run(context));
    assertEquals("two words|$HOME|*|", output());
  }

  @Test
  void runsAStringThroughTheShellWhenAskedTo() throws Exception {
    Execution execution = prepare("{\"command\": \"echo $((6 * 7)) | tr 4 X\", \"shell\": true}");

    assertEquals(0, execution.run(context));
    assertEquals("X2\n", output());
  }

  @Test
  void addsTheGivenEnvironmentVariables() throws Exception {
    Execution execution = prepare("{\"command\": \"echo \\\"$GREETING\\\" ${PATH:+path-kept}\", \"shell\": true,"
        + " \"env\": {\"GREETING\": \"hello there\"}}");

    assertEquals(0, execution.run(context));
    assertEquals("hello there path-kept\n", output());
  }

  @Test
  void runsInTheTaskDirectory() throws Exception {
    Execution execution = prepare("{\"command\": [\"pwd\", \"-P\"]}");

    assertEquals(0, execution.run(context));
    assertEquals(directory.toRealPath() + "\n", output());
  }

  @Test
  void leavesNoProcessBehindWhenTheCommandExits() throws Exception {
    // GIVEN a command that starts a background child and exits at once
    Execution execution = prepare("{\"command\": \"sleep 60 & echo $!\", \"shell\": true}");

    // WHEN it runs to its end
    assertEquals(0, execution.run(context));

    // THEN the child it left behind is stopped too
    long child = Long.parseLong(output().strip());
    await().atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void cancelStopsALongCommandPromptly() {
    // GIVEN a command that would run for a minute
    Execution execution = prepare("{\"command\": \"echo started; exec sleep 60\", \"shell\": true}");
    CompletableFuture<Integer> run = runInBackground(execution);
    await().atMost(Duration.ofSeconds(5)).until(() -> output().contains("started"));

    // WHEN it is canceled from another thread
    execution.cancel();

    // THEN it ends at once, killed by SIGTERM
    await().atMost(Duration.ofSeconds(5)).until(run::isDone);
    assertEquals(128 + 15, run.join());
  }

  @Test
  void aCancelBeforeTheCommandStartsStopsItAsSoonAsItStarts() {
    Execution execution = prepare("{\"command\": [\"sleep\", \"60\"]}");

    execution.cancel();
    CompletableFuture<Integer> run = runInBackground(execution);

    await().atMost(Duration.ofSeconds(5)).until(run::isDone);
    assertEquals(128 + 15, run.join());
  }

  private CompletableFuture<Integer> runInBackground(Execution execution) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return execution.run(context);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  private static Execution prepare(String parameters) {
    return new ExecMachine().prepare(Json.parse(parameters.getBytes(StandardCharsets.UTF_8)));
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
