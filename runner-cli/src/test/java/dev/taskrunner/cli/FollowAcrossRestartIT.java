package dev.taskrunner.cli;

import static dev.taskrunner.cli.ClientFixture.LIMIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower outlives its node: the node is killed with SIGKILL mid-follow and a new one started
 * on the same work root and port; the follower resumes at the byte it had reached.
 */
class FollowAcrossRestartIT {
  private static final int LINES = 30;
  @TempDir Path dir;
  private ClientFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ClientFixture(dir);
  }

  @AfterEach
  void killEverything() {
    fixture.close();
  }

  @Test
  void logsFollowSurvivesAKilledNodeAndPrintsTheWholeOutputExactlyOnce() throws Exception {
    // GIVEN a task printing a line every 0.2 s, followed through the first node
    NodeProcess first = fixture.node();
    fixture.run(first, "submit", fixture.taskFile("slow.json", Tasks.slowLines("slow", LINES, 0.2)));
    CliProcess follower = fixture.start(first, "logs", "--follow", "slow");
    await().atMost(LIMIT).until(() -> follower.stdout().contains("line 3\n"));

    // WHEN the node dies, the task prints on meanwhile, and a new node comes up on the same port
    first.kill9();
    int printedWhileDown = follower.stdout().length();
    await().atMost(LIMIT).until(() -> fixture.output("slow").length() > printedWhileDown + 20);
    assertTrue(follower.isAlive(), "the follower waits for the node: " + follower.stderr());
    NodeProcess second = fixture.node(first.port(), Map.of());

    // THEN the follower resumes where it was and ends with the task, every byte printed once
    CliProcess.Result result = follower.await(LIMIT);
    assertEquals(0, result.exit(), result.stderr() + "\nnode: " + second.log());
    assertEquals(Tasks.linesUpTo(LINES), result.stdout());
    assertEquals("", result.stderr());
  }

  @Test
  void submitWaitSurvivesARestartAndExitsWithTheTasksCode() throws Exception {
    // GIVEN a waiting submit of a task that prints for a while, then returns 4
    NodeProcess first = fixture.node();
    String[] statements = new String[] {"ECHO start", "SLEEP 1", "ECHO middle", "SLEEP 2", "ECHO end", "RETURN 4"};
    CliProcess submit = fixture.start(first, "submit", "--wait", fixture.taskFile("four.json", Tasks.echo("four", statements)));
    await().atMost(LIMIT).until(() -> submit.stdout().contains("start\n"));

    // WHEN the node is killed and comes back on the same port
    first.kill9();
    fixture.node(first.port(), Map.of());

    // THEN the waiter prints the whole output once and exits with the task's own code
    CliProcess.Result result = submit.await(LIMIT);
    assertEquals(4, result.exit(), result.stderr());
    assertEquals("start\nmiddle\nend\n", result.stdout());
  }
}
