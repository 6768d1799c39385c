package dev.taskrunner.core.machine.exec;

import static dev.taskrunner.core.machine.exec.ExecFixture.LIMIT;
import static dev.taskrunner.core.machine.exec.ExecFixture.prepare;
import static dev.taskrunner.core.machine.exec.ExecFixture.withoutPerl;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.machine.Execution;
import dev.taskrunner.core.machine.TaskFailedException;
import dev.taskrunner.core.machine.TaskSignaledException;
import dev.taskrunner.core.process.TaskProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a command ended, told as it was: an exit code, a signal, or why it could not start. */
class ExecOutcomesTest {
  @RegisterExtension final ExecFixture task = new ExecFixture();

  @Test
  void aProgramThatDoesNotExistIsAnErrorWithTheReason() {
    assertCannotRun(prepare("{\"command\": [\"/nonexistent/cmd\"]}"), "cannot run /nonexistent/cmd: No such file or directory");
  }

  @Test
  void aProgramNotOnThePathIsAnErrorWithTheReason() {
    assertCannotRun(prepare("{\"command\": [\"no-such-program-here\", \"x\"]}"),
        "cannot run no-such-program-here: No such file or directory");
  }

  @Test
  void aDirectoryOrAFileThatIsNotExecutableIsAnErrorWithTheReason() throws Exception {
    Path data = Files.writeString(task.root.resolve("data.txt"), "not a program\n");

    assertCannotRun(prepare("{\"command\": [\"" + task.root + "\"]}"), "cannot run " + task.root + ": Permission denied");
    assertCannotRun(prepare("{\"command\": [\"" + data + "\"]}"), "cannot run " + data + ": Permission denied");
  }

  @Test
  void aCommandKilledByASignalIsReportedAsTheSignalWithNoExitCode() {
    Execution execution = prepare("{\"command\": [\"sh\", \"-c\", \"echo dying; kill -9 $$\"]}");

    TaskSignaledException e = assertThrows(TaskSignaledException.class, () -> execution.run(task.context));

    assertEquals(9, e.signal());
    assertEquals("dying\n", task.output());
  }

  @Test
  void aRealExitCodeAbove128IsAnExitCode() throws Exception {
    assertEquals(137, prepare("{\"command\": [\"sh\", \"-c\", \"exit 137\"]}").run(task.context));
    assertEquals(255, prepare("{\"command\": [\"sh\", \"-c\", \"exit 255\"]}").run(task.context));
  }

  @Test
  void aSignalToTheWaiterAloneIsPassedToTheCommand() throws Exception {
    // GIVEN a command that says goodbye on SIGTERM
    Execution execution = prepare("{\"command\": \"trap 'echo got TERM; exit 5' TERM; echo ready; sleep 300 & wait\","
        + " \"shell\": true}");
    CompletableFuture<Integer> run = task.runInBackground(execution);
    await().atMost(LIMIT).until(() -> task.output().contains("ready"));

    // WHEN only the waiter (the runner's child, the group's leader) gets SIGTERM
    ProcessHandle waiter = ProcessHandle.current().children()
        .filter(p -> TaskProcesses.find(task.context.cookie()).contains(p.pid())).findFirst().orElseThrow();
    assertTrue(waiter.destroy());

    // THEN the command got it, and its own exit code is the task's
    await().atMost(LIMIT).until(run::isDone);
    assertEquals(5, run.join());
    assertEquals("ready\ngot TERM\n", task.output());
  }

  @Test
  void withoutPerlAProgramThatCannotStartIsStillAnErrorWithTheReason() throws Exception {
    assertCannotRun(withoutPerl("{\"command\": [\"/nonexistent/cmd\"]}"), "cannot run /nonexistent/cmd: No such file or directory");
    assertCannotRun(withoutPerl("{\"command\": [\"" + task.root + "\"]}"), "cannot run " + task.root + ": Permission denied");
    // looked up on the task's own PATH, as execvp in the task would
    assertCannotRun(withoutPerl("{\"command\": [\"sh\", \"-c\", \"true\"], \"env\": {\"PATH\": \"/nonexistent\"}}"),
        "cannot run sh: No such file or directory");
  }

  @Test
  void withoutPerlASignalCannotBeToldFromItsShellCode() throws Exception {
    // Documented: the JDK reports a command killed by signal N as exit 128 + N.
    assertEquals(137, withoutPerl("{\"command\": [\"sh\", \"-c\", \"kill -9 $$\"]}").run(task.context));
    assertEquals(3, withoutPerl("{\"command\": [\"sh\", \"-c\", \"echo out; echo err >&2; exit 3\"]}").run(task.context));
    assertEquals("out\nerr\n", task.output());
  }

  private void assertCannotRun(Execution execution, String reason) {
    TaskFailedException e = assertThrows(TaskFailedException.class, () -> execution.run(task.context));
    assertEquals(reason, e.getMessage());
  }
}
