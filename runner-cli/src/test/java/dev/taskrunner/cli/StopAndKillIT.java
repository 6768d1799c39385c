package dev.taskrunner.cli;

import static dev.taskrunner.cli.RunnerProcess.field;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stopping real runners: signals, timeouts, SIGKILL, and the process trees they leave (none). */
class StopAndKillIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  /** A shell with two sleeping children, one in the background: the tree a stop must take whole. */
  private static final String TREE = "{\"machine\":\"exec\",\"parameters\":{\"command\":[\"sh\",\"-c\",\"sleep 300 & sleep 300\"]}";
  @TempDir Path dir;
  @RegisterExtension final SpawnedRunners runners = new SpawnedRunners();

  private RunnerProcess run(String taskJson, String... args) throws Exception {
    return runners.start(dir, taskJson, args);
  }

  @Test
  void sigtermCancelsRunsCleanupAndRecordsCanceled() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"echo\",\"parameters\":[\"ECHO working\",\"SLEEP 300\",\"ECHO never\","
        + "\"CLEANUP\",\"ECHO cleaning up\"]}").awaitStarted();
    await().atMost(LIMIT).until(() -> runner.output().contains("working"));

    runner.signal("TERM");

    assertEquals(143, runner.waitFor(LIMIT));
    assertEquals("\"canceled\"", field(runner.status(), "outcome"));
    assertEquals("null", field(runner.status(), "exitCode"));
    assertEquals("working\ncleaning up\n", runner.output());
  }

  @Test
  void sigintCancelsLikeCtrlC() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 300\"]}").awaitStarted();

    runner.signal("INT");

    assertEquals(130, runner.waitFor(LIMIT));
    assertEquals("\"canceled\"", field(runner.status(), "outcome"));
  }

  @Test
  void sigtermTakesTheWholeProcessTree() throws Exception {
    RunnerProcess runner = run(TREE + "}").awaitStarted();
    List<ProcessHandle> tree = runner.awaitDescendants(3); // sh and its two sleeps

    runner.signal("TERM");

    assertEquals(143, runner.waitFor(LIMIT));
    assertEquals("\"canceled\"", field(runner.status(), "outcome"));
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.aliveOfTree().isEmpty());
    assertTrue(tree.size() >= 4, "saw the runner, sh and both sleeps: " + tree);
  }

  @Test
  void aTimeoutStopsTheTaskAndLeavesNoChild() throws Exception {
    RunnerProcess runner = run(TREE + ",\"timeoutSeconds\":2}");
    runner.awaitStarted().awaitDescendants(3);

    assertEquals(124, runner.waitFor(LIMIT));
    assertEquals("\"timeout\"", field(runner.status(), "outcome"));
    assertEquals("null", field(runner.status(), "exitCode"));
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.aliveOfTree().isEmpty());
  }

  @Test
  void aChildThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":\"trap '' TERM; sleep 300 & wait\","
        + "\"shell\":true}}", "--kill-grace-ms", "500").awaitStarted();
    runner.awaitDescendants(2);

    runner.signal("TERM");

    assertEquals(143, runner.waitFor(LIMIT));
    await().atMost(Duration.ofSeconds(10)).until(() -> runner.aliveOfTree().isEmpty());
  }

  @Test
  void backgroundChildrenAreStoppedWhenTheCommandExits() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"exec\",\"parameters\":{\"command\":\"sleep 300 & echo done\","
        + "\"shell\":true}}");

    assertEquals(0, runner.waitFor(LIMIT));
    assertEquals("done\n", runner.output());
    assertEquals("\"succeeded\"", field(runner.status(), "outcome"));
  }

  @Test
  void sigkillOfTheRunnerLeavesAStatusWithNoFinish() throws Exception {
    RunnerProcess runner = run("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 300\"]}").awaitStarted();

    runner.signal("KILL");

    assertEquals(137, runner.waitFor(LIMIT));
    String status = runner.status();
    assertEquals("null", field(status, "finishedAt"));
    assertEquals("null", field(status, "outcome"));
    assertEquals(Long.toString(runner.pid()), field(status, "pid"));
  }
}
