package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node dropped without warning and started again on the same work root re-adopts every task:
 * none started twice, none forgotten.
 */
class RecoveryIT {
  @TempDir Path workRoot;
  private ServiceFixture node;
  private Process stranger;

  @AfterEach
  void cleanUp() {
    if (node != null) {
      node.close();
    }
    if (stranger != null) {
      stranger.destroyForcibly();
    }
  }

  /** An exec task that appends a line to runs.txt in its directory each time it starts, then sleeps. */
  private static String counting(String id, int sleepSeconds) {
    return "{\"machine\":\"exec\",\"parameters\":{\"command\":\"echo run >> runs.txt; sleep " + sleepSeconds
        + "\",\"shell\":true},\"id\":\"" + id + "\"}";
  }

  private long runs(String id) throws Exception {
    Path file = workRoot.resolve(id).resolve(TaskFiles.WORK).resolve("runs.txt");
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  @Test
  void aRunningTaskIsAdoptedWithTheSamePidAndCanBeStopped() throws Exception {
    // GIVEN a task running under a first node
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit(counting("long", 300));
    await().atMost(ServiceFixture.WAIT).until(() -> node.service().get("long").startedAt() != null && runs("long") == 1);
    long pid = node.service().get("long").pid();

    // WHEN the node dies and a new one starts on the same work root
    node.crash();
    node.start();

    // THEN the task is running under the same runner, started once, and stoppable
    TaskView adopted = node.service().get("long");
    assertEquals(TaskState.RUNNING, adopted.state());
    assertEquals(pid, adopted.pid());
    TaskView stopped = node.service().stop("long", Duration.ofSeconds(10));
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertEquals(1, runs("long"));
  }

  @Test
  void aRunnerLaunchedUnderAnotherSpellingOfTheWorkRootIsStillAdopted() throws Exception {
    // GIVEN a task launched by a node whose work root was given through a symbolic link
    Path real = Files.createDirectories(workRoot.resolve("real"));
    Path link = Files.createSymbolicLink(workRoot.resolve("link"), real);
    ServiceFixture first = new ServiceFixture(link, 4);
    node = first;
    first.start();
    first.submit(counting("long", 300));
    await().atMost(ServiceFixture.WAIT).until(() -> first.service().get("long").startedAt() != null
        && Files.exists(real.resolve("long").resolve(TaskFiles.WORK).resolve("runs.txt")));
    long pid = first.service().get("long").pid();

    // WHEN the next node is given the real path
    first.crash();
    node = new ServiceFixture(real, 4);
    node.start();

    // THEN it is the same runner, running (its lock ties it to the task), and a stop ends it
    assertEquals(TaskState.RUNNING, node.service().get("long").state());
    assertEquals(pid, node.service().get("long").pid());
    assertEquals(Outcome.CANCELED, node.service().stop("long", Duration.ofSeconds(20)).outcome());
    first.close();
  }

  @Test
  void aTaskThatFinishedWhileTheNodeWasDownShowsItsRealExitCode() {
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":\"sleep 1; exit 7\",\"shell\":true},\"id\":\"late\"}");
    long runner = node.awaitState("late", TaskState.RUNNING).pid();
    node.crash();
    // Finished while the node was down means the status written *and* the runner gone: a runner
    // still exiting (a loaded box takes its time) is rightly reported running until it is.
    await().atMost(ServiceFixture.WAIT).until(() ->
        new StatusFile(workRoot.resolve("late")).read() instanceof dev.taskrunner.core.status.StatusRead.Present p
            && p.status().finished() && ProcessHandle.of(runner).map(h -> !h.isAlive()).orElse(true));

    node.start();

    TaskView view = node.service().get("late");
    assertEquals(TaskState.EXITED, view.state());
    assertEquals(Outcome.FAILED, view.outcome());
    assertEquals(7, view.exitCode());
  }

  @Test
  void queuedAndJustLaunchedTasksRunExactlyOnceAfterARestart() throws Exception {
    // GIVEN one slot: a running task, and three waiting behind it
    node = new ServiceFixture(workRoot, 1);
    node.start();
    for (String id : List.of("a", "b", "c", "d")) {
      node.submit(counting(id, 1));
    }
    node.awaitState("a", TaskState.RUNNING);
    node.crash();

    // WHEN a new node starts, with more room
    node = new ServiceFixture(workRoot, 4);
    node.start();

    // THEN each task runs exactly once
    for (String id : List.of("a", "b", "c", "d")) {
      TaskView done = node.awaitState(id, TaskState.EXITED);
      assertEquals(Outcome.SUCCEEDED, done.outcome(), id);
      assertEquals(1, runs(id), id);
    }
    assertEquals(List.of("a", "b", "c", "d"), node.service().list(null, 0, 10).stream().map(TaskView::taskId).toList());
  }

  @Test
  void aNodeThatDiesBeforeTheRunnersFirstStatusDoesNotStartTheTaskTwice() throws Exception {
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit(counting("fresh", 1));
    node.crash(); // most likely before the runner JVM has written anything

    node.start();

    TaskView done = node.awaitState("fresh", TaskState.EXITED);
    assertEquals(Outcome.SUCCEEDED, done.outcome());
    assertEquals(1, runs("fresh"));
  }

  @Test
  void aLaunchNoRunnerTookIsLaunchedAgainAndRunsOnce() throws Exception {
    // GIVEN tasks a node marked launched and then died before any runner started: one long ago,
    // one moments ago (still within the startup timeout when the next node starts)
    for (String id : List.of("untaken-old", "untaken-new")) {
      Path dir = workRoot.resolve(id);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("task.json"), counting(id, 0));
      Instant launched = id.endsWith("old") ? Instant.now().minusSeconds(600) : Instant.now();
      Files.writeString(dir.resolve("node.json"), "{\"seq\":" + (id.endsWith("old") ? 1 : 2)
          + ",\"acceptedAt\":\"" + launched + "\",\"launchedAt\":\"" + launched + "\"}");
    }

    // WHEN a node with a short startup timeout starts
    node = new ServiceFixture(workRoot, 4, b -> b.startupTimeout(Duration.ofSeconds(3)));
    node.start();

    // THEN both are launched again (at once, and once the timeout passed) and each runs exactly once
    for (String id : List.of("untaken-old", "untaken-new")) {
      TaskView done = node.awaitState(id, TaskState.EXITED);
      assertEquals(Outcome.SUCCEEDED, done.outcome(), id);
      assertEquals(1, runs(id), id);
    }
  }

  @Test
  void aStatusNamingARecycledPidIsLostAndThatProcessIsNotSignalled() throws Exception {
    // GIVEN a task whose status names a live process that is not its runner (same pid, other start time)
    stranger = new ProcessBuilder("sleep", "120").start();
    Path dir = workRoot.resolve("recycled");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 60\"],\"id\":\"recycled\"}");
    Files.writeString(dir.resolve("node.json"), "{\"seq\":1,\"acceptedAt\":\"2026-01-01T00:00:00Z\",\"launchedAt\":\"2026-01-01T00:00:00Z\"}");
    Instant longAgo = Instant.parse("2026-01-01T00:00:01Z");
    new StatusFile(dir).write(TaskStatus.started("recycled", stranger.pid(), longAgo, "host", longAgo), false);

    // WHEN a node starts and is asked to stop it
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.service().stop("recycled", Duration.ofSeconds(3));

    // THEN it is not taken for a runner (a status file names no runner the node believes), and the stranger lives on
    TaskView view = node.service().get("recycled");
    assertEquals(TaskState.LOST, view.state());
    assertEquals("no runner started within 30 s of the launch", view.reason());
    assertTrue(stranger.isAlive());
  }

  @Test
  void brokenTaskDirectoriesAreReportedLostAndNeverStopTheNode() throws Exception {
    Files.createDirectories(workRoot.resolve("garbage"));
    Files.writeString(workRoot.resolve("garbage").resolve("node.json"), "{\"seq\":1}");
    Files.writeString(workRoot.resolve("garbage").resolve("task.json"), "{not json");
    Files.createDirectories(workRoot.resolve("half"));
    Files.writeString(workRoot.resolve("half").resolve("node.json"), "{\"seq\":2}");
    Files.createDirectories(workRoot.resolve("bare"));
    Files.createDirectories(workRoot.resolve("torn"));
    Files.writeString(workRoot.resolve("torn").resolve("node.json"), "{\"seq\":3,\"launchedAt\":\"2026-01-01T00:00:00Z\"}");
    Files.writeString(workRoot.resolve("torn").resolve("task.json"), "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"torn\"}");
    Files.writeString(workRoot.resolve("torn").resolve("status.json"), "{\"taskId\":");

    node = new ServiceFixture(workRoot, 4);
    node.start();

    for (String id : List.of("garbage", "half", "bare", "torn")) {
      TaskView view = node.service().get(id);
      assertEquals(TaskState.LOST, view.state(), id);
      assertNotNull(view.reason(), id);
    }
    assertTrue(node.service().get("half").reason().contains("task.json is missing"));
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO still serving\"],\"id\":\"fine\"}");
    assertEquals(Outcome.SUCCEEDED, node.awaitState("fine", TaskState.EXITED).outcome());
  }

  @Test
  void aTaskTheNodeWasStillAcceptingWhenItDiedNeverShowsUp() throws Exception {
    // GIVEN a directory half made in .incoming, as a node killed in the middle of a POST leaves it
    Path staged = Files.createDirectories(workRoot.resolve(WorkRoot.INCOMING).resolve("unanswered.7"));
    Files.writeString(staged.resolve("node.json"), "{\"version\":1,\"seq\":1,\"acceptedAt\":\"2026-01-01T00:00:00Z\"}");

    // WHEN a node starts on the work root
    node = new ServiceFixture(workRoot, 4);
    node.start();

    // THEN the task is unknown, the half-made directory is gone, and the same id can be submitted
    assertEquals(List.of(), node.service().list(null, 0, 100));
    try (var entries = Files.list(workRoot.resolve(WorkRoot.INCOMING))) {
      assertEquals(List.of(), entries.toList());
    }
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO now\"],\"id\":\"unanswered\"}");
    assertEquals(Outcome.SUCCEEDED, node.awaitState("unanswered", TaskState.EXITED).outcome());
    try (var entries = Files.list(workRoot.resolve(WorkRoot.INCOMING))) {
      assertEquals(List.of(), entries.toList(), "an accepted task's directory left .incoming whole");
    }
  }
}
