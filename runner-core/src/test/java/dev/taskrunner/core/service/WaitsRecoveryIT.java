package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.StatusRead;
import dev.taskrunner.core.task.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resources and dependencies across a node crash: what a restarted node derives from the recovered
 * tasks alone (no file of its own) — running tasks hold their resources again, queued ones wait in
 * the same order, and a dependency that failed while the node was down cancels its dependent.
 */
class WaitsRecoveryIT {
  @TempDir Path workRoot;
  @TempDir Path signals;
  private ServiceFixture node;
  private Path go;

  @AfterEach
  void cleanUp() throws Exception {
    node.close();
    if (go != null && !Files.exists(go)) {
      Files.createFile(go); // a test that failed half-way leaves no task waiting (nor once signals is removed)
    }
  }

  private static String echo(String id, String extra, String... lines) {
    return "{\"id\":\"" + id + "\",\"machine\":\"echo\",\"parameters\":[\"" + String.join("\",\"", lines) + "\"]"
        + extra + "}";
  }

  @Test
  void aRestartedNodeKeepsHoldersQueueOrderAndDependencies() throws Exception {
    // GIVEN a holder of disk, two tasks queued behind it, a task after it, and a failing dependency
    node = new ServiceFixture(workRoot, 4);
    node.start();
    go = signals.resolve("go"); // a runs until the test makes this file
    node.submit("{\"id\":\"a\",\"machine\":\"exec\",\"resources\":{\"exclusive\":[\"disk\"]},"
        + "\"parameters\":{\"command\":\"while [ -d '" + signals + "' ] && [ ! -e '" + go + "' ]; do sleep 0.1; done\","
        + "\"shell\":true}}");
    node.submit(echo("b", ",\"resources\":{\"exclusive\":[\"disk\"]}", "ECHO b"));
    node.submit(echo("c", ",\"resources\":{\"shared\":[\"disk\"]}", "ECHO c"));
    node.submit(echo("d", ",\"after\":[\"a\"]", "ECHO d"));
    node.submit(echo("e", "", "SLEEP 1", "RETURN 2"));
    node.submit(echo("g", ",\"after\":[\"e\"]", "ECHO g"));
    node.awaitState("a", TaskState.RUNNING);

    // WHEN the node dies, e fails while it is down, and a new node starts on the same work root
    node.crash();
    await().atMost(ServiceFixture.WAIT).until(() ->
        new StatusFile(workRoot.resolve("e")).read() instanceof StatusRead.Present p && p.status().finished());
    node.start();

    // THEN a still holds disk, b and c wait in their order, d waits for a, g is canceled
    LocalTaskService s = node.service();
    assertEquals(new Resources(List.of("disk"), List.of()), s.get("a").holds());
    await().atMost(ServiceFixture.WAIT).untilAsserted(() -> { // the new node's first admission pass
      assertEquals("exclusive disk, held by a", s.get("b").waitingFor());
      assertEquals("shared disk, held by a", s.get("c").waitingFor()); // the holder first: queued behind b as well
      assertTrue(s.get("d").waitingFor().startsWith("dependency a ("), s.get("d").waitingFor()); // running, or stalled on a loaded box
    });
    assertEquals(new Resources(List.of("disk"), List.of()), s.get("a").holds()); // all along
    Files.createFile(go);
    TaskView g = node.awaitState("g", TaskState.EXITED);
    assertEquals(Outcome.CANCELED, g.outcome());
    assertEquals("dependency e failed", g.reason());
    assertNull(g.startedAt());
    TaskView a = node.awaitState("a", TaskState.EXITED);
    TaskView b = node.awaitState("b", TaskState.EXITED);
    TaskView c = node.awaitState("c", TaskState.EXITED);
    TaskView d = node.awaitState("d", TaskState.EXITED);
    assertFalse(b.startedAt().isBefore(a.finishedAt()), "b after a");
    assertFalse(c.startedAt().isBefore(b.finishedAt()), "c after b");
    assertFalse(d.startedAt().isBefore(a.finishedAt()), "d after a");
    assertEquals(Outcome.SUCCEEDED, d.outcome());
  }
}
