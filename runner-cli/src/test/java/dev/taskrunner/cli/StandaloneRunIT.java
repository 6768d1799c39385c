package dev.taskrunner.cli;

import static dev.taskrunner.cli.RunnerProcess.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes of real standalone runs: exit codes, status files, output. */
class StandaloneRunIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  @TempDir Path dir;
  @RegisterExtension final SpawnedRunners runners = new SpawnedRunners();

  private RunnerProcess run(String taskJson, String... args) throws Exception {
    return runners.start(dir, taskJson, args);
  }

  @Test
  void aSucceedingCommandExitsZeroAndRecordsSucceeded() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"echo\",\"hello world\"]}}");

    assertEquals(0, runner.waitFor(LIMIT));
    String status = runner.status();
    assertEquals("\"succeeded\"", field(status, "outcome"));
    assertEquals("0", field(status, "exitCode"));
    assertEquals("\"cli\"", field(status, "taskId"));
    assertEquals(Long.toString(runner.pid()), field(status, "pid"));
    assertNotEquals("null", field(status, "finishedAt"));
    assertEquals("hello world\n", runner.output());
    assertTrue(runner.terminal().contains("hello world"), "output echoed to the terminal");
  }

  @Test
  void aFailingCommandExitsWithItsCodeAndRecordsFailed() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":\"echo out; echo err >&2; exit 3\",\"shell\":true}}");

    assertEquals(3, runner.waitFor(LIMIT));
    assertEquals("\"failed\"", field(runner.status(), "outcome"));
    assertEquals("3", field(runner.status(), "exitCode"));
    assertTrue(runner.output().contains("out\n") && runner.output().contains("err\n"), runner.output());
  }

  @Test
  void execSeesItsEnvironmentAndRunsInTheTaskDirectory() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"sh\",\"-c\",\"echo $GREETING; pwd\"],"
        + "\"env\":{\"GREETING\":\"bonjour\"}}}");

    assertEquals(0, runner.waitFor(LIMIT));
    assertEquals("bonjour\n" + dir.toRealPath() + "\n", runner.output());
  }

  @Test
  void echoReturnFiveExitsFiveWithLogLinesAndCleanup() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"echo\",\"parameters\":"
        + "[\"ECHO start\",\"LOG WARNING careful\",\"RETURN 5\",\"ECHO never\",\"CLEANUP\",\"ECHO tidy\"]}");

    assertEquals(5, runner.waitFor(LIMIT));
    assertEquals("\"failed\"", field(runner.status(), "outcome"));
    assertEquals("5", field(runner.status(), "exitCode"));
    String output = runner.output();
    assertTrue(output.matches("(?s)start\n\\d{4}-\\d\\d-\\d\\dT[^ ]+Z WARNING careful\ntidy\n"), output);
  }

  @Test
  void echoRaiseEndsInErrorWithTheReason() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"echo\",\"parameters\":\"ECHO a\\nRAISE disk on fire\"}");

    assertEquals(70, runner.waitFor(LIMIT));
    assertEquals("\"error\"", field(runner.status(), "outcome"));
    assertEquals("null", field(runner.status(), "exitCode"));
    assertEquals("\"disk on fire\"", field(runner.status(), "reason"));
  }

  @Test
  void aCommandThatCannotStartEndsInErrorExplainedInTheRunnerLog() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"/nonexistent/program\"]}}");

    int code = runner.waitFor(LIMIT);
    String status = runner.status();
    // setsid reports a missing program as its own exit code 127; without setsid the launch itself fails.
    assertTrue(code == 127 && field(status, "outcome").equals("\"failed\"")
        || code == 70 && field(status, "outcome").equals("\"error\""), status);
  }

  @Test
  void anInvalidTaskFileIsOneLineAndExitCodeTwo() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"echo\",\"parameters\":[\"ECHO ok\",\"JUMP 3\"]}");

    assertEquals(2, runner.waitFor(LIMIT));
    assertEquals("runner-cli: task.json: parameters: line 2: unknown statement 'JUMP'; "
        + "expected ECHO, SLEEP, LOG, RETURN, RAISE, USE or CLEANUP\n", runner.terminal());
    assertTrue(Files.notExists(dir.resolve("status.json")), "nothing ran");
  }

  @Test
  void heartbeatAdvancesWhileTheMachineIsBusy() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":\"while :; do :; done\",\"shell\":true}}",
        "--heartbeat-ms", "100");
    runner.awaitStarted();
    String first = field(runner.status(), "updatedAt");

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> field(runner.status(), "updatedAt").compareTo(first) > 0);
    assertEquals("null", field(runner.status(), "finishedAt"));
    runner.signal("TERM");
    assertEquals(143, runner.waitFor(LIMIT));
  }

  @Test
  void aSecondRunnerOnTheSameDirectoryRefusesAndTouchesNothing() throws Exception {
    RunnerProcess first = run("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 60\"]}", "--heartbeat-ms", "600000");
    first.awaitStarted();
    String statusBefore = first.status();

    RunnerProcess second = run("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 60\"]}");

    assertEquals(75, second.waitFor(LIMIT));
    assertEquals(statusBefore, first.status());
    assertTrue(first.aliveOfTree().size() == 1, "the first runner is still running");
    first.signal("TERM");
    assertEquals(143, first.waitFor(LIMIT));
  }
}
