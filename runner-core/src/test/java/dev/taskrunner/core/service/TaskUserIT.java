package dev.taskrunner.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.status.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node running as root with {@code taskUser}: the task's processes run as that user, in a
 * {@code work/} folder it owns, and can write none of the node's or the runner's files. CI runs as
 * root; elsewhere this is skipped.
 */
class TaskUserIT {
  private static final String USER = "nobody";
  @TempDir Path tmp;
  private ServiceFixture node;

  @BeforeEach
  void onlyAsRoot() {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs a node running as root; CI runs as root");
  }

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theTasksProcessesRunAsTheTaskUserAndCannotTouchTheNodesFiles() throws Exception {
    // The test's temp folder must be reachable by the task user, as a real work root's parents are.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    Path workRoot = tmp.resolve("work");
    node = new ServiceFixture(workRoot, 2, b -> b.taskUser(USER));
    node.start();

    node.submit("{\"machine\":\"exec\",\"parameters\":{\"shell\":true,\"command\":"
        + "\"id -u; echo forged > ../status.json && echo WROTE-STATUS; touch ../evil && echo WROTE-DIR;"
        + " echo hi > mine.txt && echo WROTE-WORK; env | grep -c '^RUNNER_' || true\"},\"id\":\"confined\"}");

    TaskView done = node.awaitState("confined", TaskState.EXITED);
    String output = node.output("confined");
    assertEquals(Outcome.SUCCEEDED, done.outcome(), output);
    assertTrue(output.startsWith("65534\n"), output);
    assertFalse(output.contains("WROTE-STATUS"), output);
    assertFalse(output.contains("WROTE-DIR"), output);
    assertTrue(output.contains("WROTE-WORK"), output);
    Path dir = workRoot.resolve("confined");
    assertFalse(Files.exists(dir.resolve("evil")));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TaskFiles.STATUS))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TaskFiles.TASK))));
    assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }
}
