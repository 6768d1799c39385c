package dev.taskrunner.cli;

import static dev.taskrunner.cli.ClientFixture.LIMIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real node: submit, list, status, logs, stop, delete. */
class ClientCommandsIT {
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

  @Test
  void submitWaitStreamsTheOutputAndExitsZeroWhenTheTaskSucceeds() throws Exception {
    String file = fixture.taskFile("ok.json", Tasks.echo("ok", "ECHO one", "SLEEP 0.2", "ECHO two"));

    CliProcess.Result result = fixture.run(node, "submit", "--wait", file);

    assertEquals(0, result.exit(), result.stderr());
    assertEquals("one\ntwo\n", result.stdout());
    assertTrue(result.stderr().matches("ok (queued|running)\n"), result.stderr());
  }

  @Test
  void submitWaitExitsWithTheTasksOwnCodeWhenItFails() throws Exception {
    String file = fixture.taskFile("three.json", Tasks.exec("three", "echo out; echo err >&2; exit 3"));

    CliProcess.Result result = fixture.run(node, "submit", "--wait", file);

    assertEquals(3, result.exit(), result.stderr());
    assertTrue(result.stdout().contains("out\n") && result.stdout().contains("err\n"), result.stdout());
    assertTrue(result.stderr().endsWith("runner-cli: task three failed (exit 3)\n"), result.stderr());
  }

  @Test
  void submitWaitExitsSeventyWhenTheTaskRaises() throws Exception {
    String file = fixture.taskFile("raise.json", Tasks.echo("raise", "ECHO a", "RAISE disk on fire"));

    CliProcess.Result result = fixture.run(node, "submit", "--wait", file);

    assertEquals(70, result.exit(), result.stderr());
    assertEquals("a\n", result.stdout());
    assertTrue(result.stderr().endsWith("runner-cli: task raise error: disk on fire (exit 70)\n"), result.stderr());
  }

  @Test
  void submitWithoutWaitPrintsTheIdAndStateAndReturns() throws Exception {
    String file = fixture.taskFile("bg.json", Tasks.echo("bg", "SLEEP 0.5"));

    CliProcess.Result result = fixture.run(node, "submit", file);

    assertEquals(0, result.exit(), result.stderr());
    assertTrue(result.stdout().matches("bg (queued|running)\n"), result.stdout());
    assertEquals("", result.stderr());
  }

  @Test
  void listShowsEveryTaskAsATableOrAsJson() throws Exception {
    // GIVEN two finished tasks, one succeeded, one failed
    fixture.run(node, "submit", "--wait", fixture.taskFile("a.json", Tasks.echo("a", "ECHO a")));
    fixture.run(node, "submit", "--wait", fixture.taskFile("b.json", Tasks.exec("b", "exit 3")));

    CliProcess.Result table = fixture.run(node, "list");
    CliProcess.Result json = fixture.run(node, "list", "--json");
    CliProcess.Result none = fixture.run(node, "list", "--state", "running");

    assertEquals(0, table.exit(), table.stderr());
    List<String> lines = table.stdout().lines().toList();
    assertEquals(3, lines.size(), table.stdout());
    assertTrue(lines.get(0).matches("ID +NAME +STATE +OUTCOME +EXIT +AGE +WAITING FOR"), lines.get(0));
    assertTrue(lines.get(1).matches("a +test a +exited +succeeded +0 +\\d+[smhd] +-"), lines.get(1));
    assertTrue(lines.get(2).matches("b +- +exited +failed +3 +\\d+[smhd] +-"), lines.get(2));
    assertEquals(0, json.exit(), json.stderr());
    List<?> views = (List<?>) Json.parse(json.stdout().getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("a", "b"), views.stream().map(v -> ((Map<?, ?>) v).get("taskId")).toList());
    assertEquals("failed", ((Map<?, ?>) views.get(1)).get("outcome"));
    assertEquals("ID  NAME  STATE  OUTCOME  EXIT  AGE  WAITING FOR\n", none.stdout());
  }

  @Test
  void statusShowsKeyValueLinesOrTheJsonView() throws Exception {
    fixture.run(node, "submit", "--wait", fixture.taskFile("s.json", Tasks.exec("s", "exit 3")));

    CliProcess.Result text = fixture.run(node, "status", "s");
    CliProcess.Result json = fixture.run(node, "status", "s", "--json");

    assertEquals(0, text.exit(), text.stderr());
    List<String> lines = text.stdout().lines().toList();
    assertTrue(lines.contains("taskId:           s"), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.matches("state: +exited")), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.matches("outcome: +failed")), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.matches("exitCode: +3")), text.stdout());
    assertTrue(lines.stream().anyMatch(l -> l.matches("name: +-")), text.stdout());
    Map<?, ?> view = (Map<?, ?>) Json.parse(json.stdout().getBytes(StandardCharsets.UTF_8));
    assertEquals("s", view.get("taskId"));
    assertEquals(3L, view.get("exitCode"));
  }

  @Test
  void logsPrintsTheOutputOfATask() throws Exception {
    fixture.run(node, "submit", "--wait", fixture.taskFile("l.json", Tasks.echo("l", "ECHO x", "ECHO y")));

    CliProcess.Result logs = fixture.run(node, "logs", "l");

    assertEquals(0, logs.exit(), logs.stderr());
    assertEquals("x\ny\n", logs.stdout());
  }

  @Test
  void logsFollowPrintsAsTheOutputComesAndEndsWhenTheTaskEnds() throws Exception {
    // GIVEN a task that prints a line, then waits for a file the test creates
    fixture.run(node, "submit", fixture.taskFile("f.json",
        Tasks.exec("f", "echo first; while [ ! -f go ]; do sleep 0.1; done; echo last")));
    CliProcess follower = fixture.start(node, "logs", "--follow", "f");
    await().atMost(LIMIT).until(() -> follower.stdout().equals("first\n"));
    assertTrue(follower.isAlive(), "the follower waits for the task");

    // WHEN the task goes on to its end
    Files.createFile(fixture.workRoot.resolve("f").resolve("work").resolve("go")); // the task runs in its work/ folder

    // THEN the follower prints the rest and exits
    CliProcess.Result result = follower.await(LIMIT);
    assertEquals(0, result.exit(), result.stderr());
    assertEquals("first\nlast\n", result.stdout());
  }

  @Test
  void stopCancelsATaskAndDeleteForgetsIt() throws Exception {
    fixture.run(node, "submit", fixture.taskFile("st.json", Tasks.echo("st", "ECHO going", "SLEEP 300")));
    await().atMost(LIMIT).until(() -> fixture.output("st").equals("going\n"));

    CliProcess.Result stop = fixture.run(node, "stop", "st");
    await().atMost(LIMIT).until(() -> fixture.run(node, "status", "st").stdout().contains("canceled"));
    CliProcess.Result delete = fixture.run(node, "delete", "st");
    CliProcess.Result gone = fixture.run(node, "status", "st");

    assertEquals(0, stop.exit(), stop.stderr());
    assertTrue(stop.stdout().matches("st (exited \\(canceled\\)|stopping)\n"), stop.stdout());
    assertEquals(0, delete.exit(), delete.stderr());
    assertEquals("st deleted\n", delete.stdout());
    assertEquals(1, gone.exit());
    assertEquals("runner-cli: task st: no such task (404)\n", gone.stderr());
  }
}
