package dev.taskrunner.core.machine.exec;

import static dev.taskrunner.core.machine.exec.ExecFixture.LIMIT;
import static dev.taskrunner.core.machine.exec.ExecFixture.prepare;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskContext;
import dev.taskrunner.core.machine.TaskSignaledException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs short real commands ({@code sh}, {@code sleep}) through the exec machine. */
class ExecExecutionTest {
  @RegisterExtension final ExecFixture task = new ExecFixture();

  @Test
  void returnsTheCommandsExitCodeAndCapturesStdoutAndStderr() throws Exception {
    Execution execution = prepare("{\"command\": [\"sh\", \"-c\", \"echo to-out; echo to-err >&2; exit 3\"]}");

    int code = execution.run(task.context);

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

    assertEquals(0, execution.run(task.context));
    assertEquals(64 * 1024 + "err\nout\n".length(), output().length());
    assertTrue(output().startsWith("0000"), output().substring(0, 16));
    assertTrue(output().endsWith("0001023\nerr\nout\n"));
  }

  @Test
  void passesArgumentsAsTheyAreWithoutAShell() throws Exception {
    Execution execution = prepare("{\"command\": [\"printf\", \"%s|\", \"two words\", \"$HOME\", \"*\"]}");

    assertEquals(0, execution.run(task.context));
    assertEquals("two words|$HOME|*|", output());
  }

  @Test
  void runsAStringThroughTheShellWhenAskedTo() throws Exception {
    Execution execution = prepare("{\"command\": \"echo $((6 * 7)) | tr 4 X\", \"shell\": true}");

    assertEquals(0, execution.run(task.context));
    assertEquals("X2\n", output());
  }

  @Test
  void addsTheGivenEnvironmentVariables() throws Exception {
    Execution execution = prepare("{\"command\": \"echo \\\"$GREETING\\\" ${PATH:+path-kept}\", \"shell\": true,"
        + " \"env\": {\"GREETING\": \"hello there\"}}");

    assertEquals(0, execution.run(task.context));
    assertEquals("hello there path-kept\n", output());
  }

  @Test
  void runsInTheTaskDirectory() throws Exception {
    Execution execution = prepare("{\"command\": [\"pwd\", \"-P\"]}");

    assertEquals(0, execution.run(task.context));
    assertEquals(task.directory.toRealPath() + "\n", output());
  }

  @Test
  void leavesNoProcessBehindWhenTheCommandExits() throws Exception {
    // GIVEN a command that starts a background child and exits at once
    Execution execution = prepare("{\"command\": \"sleep 60 & echo $!\", \"shell\": true}");

    // WHEN it runs to its end
    assertEquals(0, execution.run(task.context));

    // THEN the child it left behind is stopped too
    long child = Long.parseLong(output().strip());
    await().atMost(LIMIT).until(() -> ExecFixture.gone(child));
  }

  @Test
  void cancelStopsALongCommandPromptly() {
    // GIVEN a command that would run for a minute
    Execution execution = prepare("{\"command\": \"echo started; exec sleep 60\", \"shell\": true}");
    CompletableFuture<Integer> run = task.runInBackground(execution);
    await().atMost(LIMIT).until(() -> output().contains("started"));

    // WHEN it is canceled from another thread
    execution.cancel();

    // THEN it ends, killed by SIGTERM: a signal, not a made-up exit code 143
    await().atMost(LIMIT).until(run::isDone);
    assertEquals(15, signalOf(run));
  }

  @Test
  void aCancelBeforeTheCommandStartsStopsItAsSoonAsItStarts() {
    Execution execution = prepare("{\"command\": [\"sleep\", \"60\"]}");

    execution.cancel();
    CompletableFuture<Integer> run = task.runInBackground(execution);

    await().atMost(LIMIT).until(run::isDone);
    assertEquals(15, signalOf(run));
  }

  @Test
  void everyProcessCarriesTheTasksCookie() throws Exception {
    Execution execution = prepare("{\"command\": \"echo $TASK_RUNNER_COOKIE; sh -c 'echo $TASK_RUNNER_COOKIE'\", \"shell\": true}");

    assertEquals(0, execution.run(task.context));
    assertEquals(task.context.cookie() + "\n" + task.context.cookie() + "\n", output());
    assertEquals(TaskContext.COOKIE_VARIABLE, "TASK_RUNNER_COOKIE");
  }

  @Test
  void theCommandReadsNoInput() throws Exception {
    // The waiter's script comes through the same stdin; the command must find it at its end.
    Execution execution = prepare("{\"command\": \"cat; echo read-all\", \"shell\": true}");

    assertEquals(0, execution.run(task.context));
    assertEquals("read-all\n", output());
  }

  static int signalOf(CompletableFuture<Integer> run) {
    CompletionException e = assertThrows(CompletionException.class, run::join);
    assertTrue(e.getCause() instanceof TaskSignaledException, String.valueOf(e.getCause()));
    return ((TaskSignaledException) e.getCause()).signal();
  }

  private String output() {
    return task.output();
  }
}
