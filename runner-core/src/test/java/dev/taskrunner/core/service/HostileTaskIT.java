package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.process.RunnerIdentity;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.status.StatusFile;
import dev.taskrunner.core.status.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks and task directories that lie, as a careless or malicious task would make them: the node
 * believes the kernel first, its own record second, the task's files last, and signals nothing it
 * has not verified.
 */
class HostileTaskIT {
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

  private static String shell(String id, String script) {
    return "{\"machine\":\"exec\",\"parameters\":{\"command\":" + json(script) + ",\"shell\":true},\"id\":\"" + id + "\"}";
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Path work(String id) {
    return workRoot.resolve(id).resolve(TaskFiles.WORK);
  }

  private long pidIn(String id, String file) throws Exception {
    Path path = work(id).resolve(file);
    await().atMost(ServiceFixture.WAIT).until(() -> Files.exists(path) && !Files.readString(path).isBlank());
    return Long.parseLong(Files.readString(path).trim());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && !dev.taskrunner.core.process.ProcStat.read(pid).map(s -> s.isZombie()).orElse(true);
  }

  @Test
  void aTaskThatForgesAFinishedStatusKeepsRunningAndKeepsItsSlot() {
    // GIVEN one slot, taken by a task that keeps rewriting its own status as succeeded
    node = new ServiceFixture(workRoot, 1);
    node.start();
    String forged = "{\"version\":1,\"taskId\":\"forger\",\"pid\":1,\"host\":\"x\",\"startedAt\":\"2026-01-01T00:00:00Z\","
        + "\"updatedAt\":\"2026-01-01T00:00:01Z\",\"finishedAt\":\"2026-01-01T00:00:01Z\",\"exitCode\":0,\"outcome\":\"succeeded\"}";
    node.submit(shell("forger", "while :; do printf '%s' '" + forged + "' > ../status.json; sleep 0.02; done"));
    node.submit(shell("next", "echo next ran"));

    // THEN the forger is never reported exited and the next task waits for the slot
    await().during(Duration.ofSeconds(2)).atMost(ServiceFixture.WAIT).until(() -> {
      TaskView forger = node.service().get("forger");
      return !forger.state().isFinal() && forger.pid() != null && node.service().get("next").state() == TaskState.QUEUED;
    });

    // WHEN it is stopped, its ending is the runner's: canceled, and only then the next one runs
    TaskView stopped = node.service().stop("forger", Duration.ofSeconds(20));
    assertEquals(TaskState.EXITED, stopped.state());
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertEquals(Outcome.SUCCEEDED, node.awaitState("next", TaskState.EXITED).outcome());
  }

  @Test
  void aNodeRecordNamingAnUnrelatedProcessIsNeverAdoptedNorSignalled() throws Exception {
    // GIVEN a task directory whose records name a live process that is not a runner — with its
    // real pid, start time and boot id — and ask for a stop
    stranger = new ProcessBuilder("sleep", "300").start();
    RunnerIdentity real = RunnerIdentity.observe(stranger.pid()).orElseThrow();
    Path dir = workRoot.resolve("crafted");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TaskFiles.TASK), "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 60\"],\"id\":\"crafted\"}");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Files.write(dir.resolve(TaskFiles.NODE), new NodeMarks(1, t, t, t, real).toJson());
    new StatusFile(dir).write(TaskStatus.started("crafted", stranger.pid(), t, "host", Instant.now()), false);

    // WHEN a node starts on it, and is asked to stop it again
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.service().stop("crafted", Duration.ofSeconds(2));

    // THEN the stranger is no runner: the task ends without it, and the stranger lives on
    TaskView view = node.service().get("crafted");
    assertTrue(view.state().isFinal(), view.toString());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(stranger::isAlive);
  }

  @Test
  void pidOneInARecordIsNeverARunner() throws Exception {
    Path dir = workRoot.resolve("init");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TaskFiles.TASK), "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 60\"],\"id\":\"init\"}");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    long initTicks = RunnerIdentity.observe(1).map(RunnerIdentity::startTicks).orElse(0L);
    Files.write(dir.resolve(TaskFiles.NODE), new NodeMarks(1, t, t, t, new RunnerIdentity(1, initTicks,
        RunnerIdentity.currentBootId())).toJson());
    new StatusFile(dir).write(TaskStatus.started("init", 1, t, "host", Instant.now()), false);

    node = new ServiceFixture(workRoot, 4);
    node.start();

    TaskView view = node.service().get("init");
    assertTrue(view.state().isFinal(), view.toString());
    assertEquals(RunnerIdentity.observe(1).map(RunnerIdentity::startTicks).orElse(0L), initTicks, "pid 1 untouched");
  }

  @Test
  void aRunnerKilledWithKillNineTakesItsWholeTaskWithIt() throws Exception {
    // GIVEN a task with a child in the background and a child that left the group
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit(shell("tree", "sleep 300 & echo $! > child.pid; (setsid sh -c 'echo $$ > escaped.pid; exec sleep 300' &); sleep 300"));
    long child = pidIn("tree", "child.pid");
    long escaped = pidIn("tree", "escaped.pid");
    long runner = node.service().get("tree").pid();

    // WHEN its runner is killed with SIGKILL
    ProcessHandle.of(runner).orElseThrow().destroyForcibly();

    // THEN the task is lost with the reason, and nothing of it runs any more
    TaskView lost = node.awaitState("tree", TaskState.LOST);
    assertTrue(lost.reason().contains("pid " + runner), lost.reason());
    await().atMost(ServiceFixture.WAIT).until(() -> !alive(child) && !alive(escaped));
  }

  @Test
  void aStopTakesAProcessThatLeftTheTasksGroup() throws Exception {
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit(shell("daemon", "(setsid sh -c 'echo $$ > escaped.pid; exec sleep 300' &); sleep 300"));
    long escaped = pidIn("daemon", "escaped.pid");

    TaskView stopped = node.service().stop("daemon", Duration.ofSeconds(20));

    assertEquals(TaskState.EXITED, stopped.state());
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertFalse(alive(escaped), "the daemonized grandchild outlived the stop");
  }

  @Test
  void aTaskThatRemovesItsOwnDirectoryIsLostStoppedListedAfterARestartAndDeletable() throws Exception {
    node = new ServiceFixture(workRoot, 4);
    node.start();
    // Renamed away first, then removed: a plain rm -rf races the runner's heartbeat, whose status
    // write between rm's unlinks and its rmdir leaves the directory in place (ENOTEMPTY). The
    // dot-name is no task id, so the node never reads what an unlucky rm may leave of it.
    node.submit(shell("vanish", "echo $$ > self.pid; sleep 0.3; d=\"$(cd .. && pwd)\"; g=\"$(dirname \"$d\")/.vanished-$$\";"
        + " mv \"$d\" \"$g\" && rm -rf \"$g\"; exec sleep 300"));
    long runner = node.service().get("vanish").pid();

    TaskView lost = node.awaitState("vanish", TaskState.LOST);
    assertEquals("the task directory was removed", lost.reason());
    await().atMost(ServiceFixture.WAIT).until(() -> !alive(runner));

    node.crash();
    node.start();
    assertEquals(TaskState.LOST, node.service().get("vanish").state());
    assertEquals("the task directory was removed", node.service().get("vanish").reason());
    node.service().delete("vanish");
    assertFalse(Files.exists(workRoot.resolve("vanish")));
  }

  @Test
  void noTaskSeesTheNodesSettings() {
    assertEquals("secret-of-the-node", System.getenv("RUNNER_API_TOKEN"), "the build gives this node a token");
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit(shell("nosy", "env; echo end"));

    node.awaitState("nosy", TaskState.EXITED);
    String output = node.output("nosy");
    assertTrue(output.endsWith("end\n"), output);
    assertFalse(output.contains("secret-of-the-node"), output);
    assertFalse(output.lines().anyMatch(l -> l.startsWith("RUNNER_")), output);
  }

  @Test
  void aCommandThatCannotStartIsAnErrorWithTheReason() {
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"/nonexistent/cmd\"]},\"id\":\"missing\"}");

    TaskView view = node.awaitState("missing", TaskState.EXITED);
    assertEquals(Outcome.ERROR, view.outcome());
    assertEquals(null, view.exitCode());
    assertTrue(view.reason().contains("/nonexistent/cmd") && view.reason().contains("No such file"), view.reason());
  }

  @Test
  void aCommandKilledByASignalFailsWithTheSignalAndNoMadeUpExitCode() {
    node = new ServiceFixture(workRoot, 4);
    node.start();
    node.submit(shell("killed", "kill -9 $$"));
    node.submit(shell("exits137", "exit 137"));

    TaskView killed = node.awaitState("killed", TaskState.EXITED);
    assertEquals(Outcome.FAILED, killed.outcome());
    assertEquals(9, killed.signal());
    assertEquals(null, killed.exitCode());
    TaskView exited = node.awaitState("exits137", TaskState.EXITED);
    assertEquals(137, exited.exitCode());
    assertEquals(null, exited.signal());
  }

  @Test
  void aRunningViewAlwaysHasItsPidAndASubmissionWithAFreeSlotAnswersRunning() {
    node = new ServiceFixture(workRoot, 4);
    node.start();

    // Tessia's own check: submit two, list them, both running
    TaskView first = node.submit(shell("one", "sleep 30"));
    TaskView second = node.submit(shell("two", "sleep 30"));
    assertEquals(TaskState.RUNNING, first.state());
    assertNotNull(first.pid());
    assertEquals(TaskState.RUNNING, second.state());
    List<TaskView> listed = node.service().list(null, 0, 10);
    assertEquals(Set.of(TaskState.RUNNING), Set.copyOf(listed.stream().map(TaskView::state).toList()));

    node.submit(shell("three", "sleep 30"));
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < until) {
      for (TaskView v : node.service().list(null, 0, 10)) {
        if (v.state() == TaskState.RUNNING || v.state() == TaskState.STALLED || v.state() == TaskState.STOPPING) {
          assertNotNull(v.pid(), v.toString());
        }
      }
    }
    assertNotEquals(first.pid(), second.pid());
  }
}
