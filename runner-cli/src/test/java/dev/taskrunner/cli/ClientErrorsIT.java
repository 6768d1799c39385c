package dev.taskrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of client commands: one line on stderr, a non-zero exit code, never a stack trace. */
class ClientErrorsIT {
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
  void aNodeThatIsNotThereIsSaidInWords() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // free once closed: nothing listens there
    }
    String server = "http://127.0.0.1:" + port;

    for (String[] args : new String[][] {{"list"}, {"status", "x"}, {"logs", "-f", "x"}, {"stop", "x"}, {"delete", "x"},
        {"submit", fixture.taskFile("t.json", Tasks.echo("t", "ECHO t"))}}) {
      CliProcess.Result result = fixture.run(Map.of("RUNNER_SERVER", server), args);

      assertEquals(1, result.exit(), String.join(" ", args));
      assertEquals("runner-cli: cannot reach the node at " + server + ": connection refused\n", result.stderr());
      assertEquals("", result.stdout());
    }
  }

  @Test
  void aWrongTokenIsRefusedWith401AndTheRightOneFromTheEnvironmentWorks() throws Exception {
    NodeProcess node = fixture.node(0, Map.of("RUNNER_API_TOKEN", "tok"));

    CliProcess.Result wrong = fixture.run(node, "list", "--token", "wrong");
    CliProcess.Result missing = fixture.run(node, "list");
    CliProcess.Result right = fixture.run(Map.of("RUNNER_SERVER", node.url(), "RUNNER_TOKEN", "tok"), "list");

    assertEquals(1, wrong.exit());
    assertEquals("runner-cli: Authorization: invalid token (401)\n", wrong.stderr());
    assertEquals(1, missing.exit());
    assertTrue(missing.stderr().matches("runner-cli: Authorization: missing.*\\(401\\)\n"), missing.stderr());
    assertEquals(0, right.exit(), right.stderr());
    assertEquals("ID  NAME  STATE  OUTCOME  EXIT  AGE  WAITING FOR\n", right.stdout());
  }

  @Test
  void anUnknownIdIsA404Line() throws Exception {
    NodeProcess node = fixture.node();

    for (String command : new String[] {"status", "logs", "stop", "delete"}) {
      CliProcess.Result result = fixture.run(node, command, "nope");

      assertEquals(1, result.exit(), command);
      assertEquals("runner-cli: task nope: no such task (404)\n", result.stderr(), command);
    }
    CliProcess.Result follow = fixture.run(node, "logs", "--follow", "nope");
    assertEquals(1, follow.exit());
    assertEquals("runner-cli: task nope: no such task (404)\n", follow.stderr());
  }

  @Test
  void theNodesRefusalsAreOneLineWithTheirDetail() throws Exception {
    NodeProcess node = fixture.node();
    String bad = fixture.taskFile("bad.json", "{\"machine\":\"echo\",\"parameters\":[\"JUMP 3\"]}");
    fixture.run(node, "submit", fixture.taskFile("busy.json", Tasks.echo("busy", "SLEEP 300")));

    CliProcess.Result invalid = fixture.run(node, "submit", bad);
    CliProcess.Result active = fixture.run(node, "delete", "busy");

    assertEquals(1, invalid.exit());
    assertTrue(invalid.stderr().matches("runner-cli: parameters: line 1: unknown statement 'JUMP'.*\\(400\\)\n"),
        invalid.stderr());
    assertEquals(1, active.exit());
    assertTrue(active.stderr().matches("runner-cli: task busy: .*\\(409\\)\n"), active.stderr());
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Map<String, String> env = Map.of("RUNNER_SERVER", "http://127.0.0.1:9"); // never reached

    CliProcess.Result badState = fixture.run(env, "list", "--state", "bogus");
    CliProcess.Result noId = fixture.run(env, "status");
    CliProcess.Result badId = fixture.run(env, "status", "../x");
    CliProcess.Result noFile = fixture.run(env, "submit", "missing.json");
    CliProcess.Result badServer = fixture.run(env, "list", "--server", "ftp://x");

    assertEquals(2, badState.exit());
    assertTrue(badState.stderr().startsWith("runner-cli: --state: unknown state 'bogus'"), badState.stderr());
    assertEquals(2, noId.exit());
    assertTrue(noId.stderr().startsWith("runner-cli: Missing required parameter: 'ID'"), noId.stderr());
    assertEquals(2, badId.exit());
    assertEquals(2, noFile.exit());
    assertEquals("runner-cli: cannot read missing.json: no such file\n", noFile.stderr());
    assertEquals(2, badServer.exit());
    assertTrue(badServer.stderr().startsWith("runner-cli: --server: 'ftp://x' is not a node URL"), badServer.stderr());
  }

  @Test
  void everyCommandHasHelpAndTheTopLevelListsThem() throws Exception {
    for (String command : new String[] {"run", "submit", "list", "status", "logs", "stop", "delete"}) {
      CliProcess.Result help = fixture.run(Map.of(), command, "--help");

      assertEquals(0, help.exit(), command);
      assertTrue(help.stdout().startsWith("Usage: runner-cli " + command + " "), help.stdout());
      assertTrue(command.equals("run") || help.stdout().contains("--server=URL"), help.stdout());
    }
    CliProcess.Result top = fixture.run(Map.of(), "--help");
    assertEquals(0, top.exit());
    assertTrue(top.stdout().contains("[TASK_FILE]") && top.stdout().contains("submit"), top.stdout());
    assertTrue(fixture.run(Map.of(), "submit", "--help").stdout().contains("143"), "exit codes are documented");
  }

  @Test
  void theRunCommandIsTheStandaloneRun() throws Exception {
    String file = fixture.taskFile("five.json", "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\",\"RETURN 5\"]}");

    CliProcess.Result run = fixture.run(Map.of(), "run", file);
    CliProcess.Result none = fixture.run(Map.of());

    assertEquals(5, run.exit(), run.stderr());
    assertTrue(run.stdout().contains("hi"), run.stdout());
    assertEquals(2, none.exit());
    assertTrue(none.stderr().startsWith("runner-cli: missing TASK_FILE\nUsage: runner-cli"), none.stderr());
  }
}
