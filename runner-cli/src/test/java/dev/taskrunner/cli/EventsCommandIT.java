package dev.taskrunner.cli;

import static dev.taskrunner.cli.ClientFixture.LIMIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner-cli events} against a real node: live lines, resuming with --since, a reset for an unknown id. */
class EventsCommandIT {
  @TempDir Path dir;
  private ClientFixture fixture;
  private NodeProcess node;

  @BeforeEach
  void startNode() throws Exception {
    fixture = new ClientFixture(dir);
    node = fixture.node();
  }

  @AfterEach
  void killEverything() {
    fixture.close();
  }

  private static List<String> linesOf(CliProcess cli, String taskId) {
    return Arrays.stream(cli.stdout().split("\n")).filter(l -> l.contains(" " + taskId + " ")).toList();
  }

  @Test
  void eventsPrintsEachChangeOfATaskAsItHappensAndSinceResumesAfterAnId() throws Exception {
    String file = fixture.taskFile("e.json", Tasks.echo("ev1", "ECHO hi", "RETURN 4"));
    assertEquals(0, fixture.run(node, "submit", file).exit());
    // --since 0: from the node's first event, so the stream cannot open too late to see the task
    CliProcess events = fixture.start(node, "events", "--since", "0");
    await().atMost(LIMIT).until(() -> linesOf(events, "ev1").stream().anyMatch(l -> l.contains(" exited ")));
    List<String> lines = linesOf(events, "ev1");
    assertTrue(lines.get(0).matches("\\d+ accepted ev1 queued - -"), lines.toString());
    assertTrue(lines.get(lines.size() - 1).matches("\\d+ exited ev1 exited failed 4"), lines.toString());

    // --since the first event: everything after it, nothing before
    String firstId = lines.get(0).split(" ")[0];
    CliProcess resumed = fixture.start(node, "events", "--since", firstId, "--json");
    await().atMost(LIMIT).until(() -> resumed.stdout().contains("\"type\":\"exited\""));
    assertFalse(resumed.stdout().contains("\"type\":\"accepted\""), resumed.stdout());
    assertTrue(resumed.isAlive(), "it keeps following");
  }

  @Test
  void anIdTheNodeNeverGaveIsAResetOnStderrAndTheStreamGoesOn() throws Exception {
    CliProcess events = fixture.start(node, "events", "--since", "424242");
    await().atMost(LIMIT).until(() -> events.stderr().contains("runner-cli: reset: that id is not one this node gave"));
    assertTrue(events.isAlive());
  }

  @Test
  void anUnreachableNodeIsAnErrorAtOnce() throws Exception {
    CliProcess.Result result = fixture.run(java.util.Map.of(), "events", "--server", "http://127.0.0.1:9");
    assertEquals(1, result.exit(), result.stderr());
    assertTrue(result.stderr().startsWith("runner-cli: cannot reach the node"), result.stderr());
  }
}
