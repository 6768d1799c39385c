package dev.taskrunner.api;

import static dev.taskrunner.api.DaemonFixture.running;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery with the node as a separate OS process that is killed with {@code kill -9}, halted
 * mid-launch, or stopped with SIGTERM / SIGINT, then started again on the same work root. The
 * in-process variants of these scenarios are runner-core's {@code RecoveryIT}.
 */
class NodeCrashIT {
  @TempDir Path temp;
  private DaemonFixture nodes;

  @BeforeEach
  void setUp() throws IOException {
    nodes = new DaemonFixture(temp);
  }

  @AfterEach
  void killEverything() {
    nodes.close();
  }

  @Test
  void aRunningTaskIsAdoptedWithTheSamePidAfterKill9AndCanBeStopped() throws Exception {
    // GIVEN a task running under a first daemon, its shell child sleeping
    DaemonProcess first = nodes.start();
    assertEquals(201, first.submit(counting("long", 300)).statusCode());
    ProcessHandle runner = runner(first.awaitView("long", v -> v.hasNonNull("startedAt")));
    await().atMost(DaemonProcess.WAIT).until(() -> runs("long") == 1 && tree(runner).size() > 0);
    List<ProcessHandle> tree = tree(runner);

    // WHEN the daemon is killed with SIGKILL and a second one starts on the same work root
    assertEquals(137, first.kill9());
    assertTrue(running(runner), "the runner outlives its daemon");
    DaemonProcess second = nodes.start();

    // THEN it shows the same runner running, and a stop ends it and everything it started
    assertEquals(runner.pid(), second.awaitState("long", "running").get("pid").asLong());
    assertEquals(200, second.stop("long").statusCode());
    JsonNode stopped = second.awaitState("long", "exited");
    assertEquals("canceled", stopped.path("outcome").asText(), stopped.toString());
    await().atMost(DaemonProcess.WAIT).until(() -> !running(runner) && tree.stream().noneMatch(DaemonFixture::running));
    assertEquals(1, runs("long"));
  }

  @Test
  void aTaskThatFinishedWhileTheDaemonWasDownShowsItsRealExitCode() throws Exception {
    // The task ends when the test opens a gate, not after a sleep: on a loaded box a sleep could
    // end before the test has seen the runner's pid. (An absolute path: the gate does not depend on
    // the directory the task's processes run in.)
    Path gate = temp.resolve("late.gate");
    DaemonProcess first = nodes.start();
    first.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":\"while [ ! -e '" + gate
        + "' ]; do sleep 0.1; done; exit 7\",\"shell\":true},\"id\":\"late\"}");
    ProcessHandle runner = runner(first.awaitView("late", v -> v.hasNonNull("startedAt")));
    first.kill9();
    Files.createFile(gate);

    await().atMost(DaemonProcess.WAIT).until(() -> !running(runner));
    DaemonProcess second = nodes.start();

    JsonNode view = second.view("late"); // recovery is done before the daemon listens
    assertEquals("exited", view.path("state").asText(), view.toString());
    assertEquals("failed", view.path("outcome").asText(), view.toString());
    assertEquals(7, view.path("exitCode").asInt(), view.toString());
  }

  @Test
  void queuedTasksRunExactlyOnceAfterTheDaemonIsKilled() throws Exception {
    // GIVEN one slot: "a" running, three queued behind it
    DaemonProcess first = nodes.start("--max-running-tasks", "1");
    List<String> ids = List.of("a", "b", "c", "d");
    for (String id : ids) {
      assertEquals(201, first.submit(counting(id, 1)).statusCode());
    }
    first.awaitView("a", v -> v.hasNonNull("startedAt"));
    assertEquals("queued", first.view("d").path("state").asText());

    // WHEN the daemon is killed and a roomier one starts
    first.kill9();
    DaemonProcess second = nodes.start("--max-running-tasks", "4");

    // THEN every task ran, once
    for (String id : ids) {
      JsonNode done = second.awaitState(id, "exited");
      assertEquals("succeeded", done.path("outcome").asText(), done.toString());
      assertEquals(1, runs(id), id);
    }
  }

  @Test
  void aDaemonThatDiesBetweenLaunchAndTheFirstStatusWriteDoesNotStartTheTaskTwice() throws Exception {
    // GIVEN a daemon that halts right after it launches a runner
    DaemonProcess first = nodes.launch(temp, DaemonFixture.JAR.toString(), Map.of("RUNNER_FAULT_HALT_AFTER_LAUNCH", "1"))
        .awaitListening();
    HttpResponse<String> accepted;
    try {
      accepted = first.submit(counting("fresh", 1));
    } catch (IOException diedBeforeAnswering) {
      accepted = null;
    }
    assertEquals(86, first.awaitExit(), "the fault-injected halt");
    if (accepted != null) {
      assertEquals(201, accepted.statusCode(), accepted.body());
    } else {
      assertTrue(Files.isRegularFile(nodes.workRoot.resolve("fresh/task.json")), "no answer, so the task must be on disk");
    }

    // WHEN a daemon without the fault starts on the same work root
    DaemonProcess second = nodes.start();

    // THEN the task runs to its end, once
    JsonNode done = second.awaitState("fresh", "exited");
    assertEquals("succeeded", done.path("outcome").asText(), done.toString());
    assertEquals(1, runs("fresh"));
  }

  @Test
  void sigtermAndSigintToTheDaemonLeaveTheTaskRunningForTheNextDaemon() throws Exception {
    DaemonProcess first = nodes.start();
    first.submit(counting("survivor", 300));
    ProcessHandle runner = runner(first.awaitView("survivor", v -> v.hasNonNull("startedAt")));

    first.signal("TERM");
    assertEquals(143, first.awaitExit(), first.lines.toString());
    assertTrue(running(runner), "SIGTERM to the daemon leaves the runner");

    DaemonProcess second = nodes.start();
    assertEquals(runner.pid(), second.awaitState("survivor", "running").get("pid").asLong());
    second.signal("INT");
    assertEquals(130, second.awaitExit(), second.lines.toString());
    assertTrue(running(runner), "SIGINT to the daemon leaves the runner");

    DaemonProcess third = nodes.start();
    assertEquals(runner.pid(), third.awaitState("survivor", "running").get("pid").asLong());
    assertEquals(1, runs("survivor"));
  }

  @Test
  void aDaemonStartedWithSigintIgnoredSaysSoAndStopsOnSigterm() throws Exception {
    DaemonProcess daemon = nodes.startIgnoring("INT");
    assertTrue(daemon.lines.stream().anyMatch(l -> l.contains("WARN") && l.contains("SIGINT is ignored by this process")
        && l.contains("send SIGTERM instead")), daemon.lines.toString());
    assertFalse(daemon.lines.stream().anyMatch(l -> l.contains("SIGTERM is ignored")), daemon.lines.toString());

    daemon.signal("INT"); // ignored, as the warning said: the node still answers
    assertEquals(201, daemon.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"],\"id\":\"after-int\"}").statusCode());
    daemon.signal("TERM");
    assertEquals(143, daemon.awaitExit(), "SIGTERM, not the SIGINT before it, stops the node: " + daemon.lines);
  }

  @Test
  void aDaemonStartedWithARelativeJarPathRunsTasks() throws Exception {
    // The README's shape: `java -jar runner-api/target/runner-api.jar` from the project root.
    Path projectRoot = DaemonFixture.JAR.getParent().getParent().getParent();
    String relativeJar = projectRoot.relativize(DaemonFixture.JAR).toString();
    assertFalse(Path.of(relativeJar).isAbsolute());
    DaemonProcess daemon = nodes.launch(projectRoot, relativeJar, Map.of()).awaitListening();

    assertEquals(201, daemon.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO hello\"],\"id\":\"rel\"}").statusCode());

    JsonNode done = daemon.awaitView("rel", v -> v.path("state").asText().matches("exited|lost"));
    assertEquals("succeeded", done.path("outcome").asText(), done + "\nrunner.out: " + read("rel/runner.out"));
  }

  /** An exec task that appends a line to runs.txt in its directory each time it starts, then sleeps. */
  private static String counting(String id, int sleepSeconds) {
    return "{\"machine\":\"exec\",\"parameters\":{\"command\":\"echo run >> runs.txt; sleep " + sleepSeconds
        + "\",\"shell\":true},\"id\":\"" + id + "\"}";
  }

  private long runs(String id) throws IOException {
    Path file = nodes.workRoot.resolve(id).resolve("work").resolve("runs.txt");
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  @Test
  void idleWarmRunnersEndWithTheirKilledDaemonWhileTheOneWithATaskGoesOn() throws Exception {
    // GIVEN a daemon with two warm runners, one of which took a long task
    DaemonProcess first = nodes.start("--warm-runners", "2");
    await().atMost(DaemonProcess.WAIT).until(() -> warmRunners(first).size() == 2);
    assertEquals(201, first.submit(counting("long", 300)).statusCode());
    ProcessHandle runner = runner(first.awaitView("long", v -> v.hasNonNull("startedAt")));
    assertTrue(runner.info().arguments().map(a -> List.of(a).contains("--warm")).orElse(false), "a warm runner took it");
    await().atMost(DaemonProcess.WAIT).until(() -> warmRunners(first).size() == 3); // its replacement came
    List<ProcessHandle> idle = warmRunners(first).stream().filter(p -> p.pid() != runner.pid()).toList();

    // WHEN the daemon is killed with SIGKILL
    assertEquals(137, first.kill9());

    // THEN the idle ones end (their stdin closed with the daemon), the task's runner goes on,
    // and the next daemon adopts it
    await().atMost(DaemonProcess.WAIT).until(() -> idle.stream().noneMatch(DaemonFixture::running));
    assertTrue(running(runner));
    DaemonProcess second = nodes.start();
    assertEquals(runner.pid(), second.awaitState("long", "running").get("pid").asLong());
    assertEquals(1, runs("long"));
  }

  /** The daemon's children that are warm runners: waiting, or running the task they took. */
  private static List<ProcessHandle> warmRunners(DaemonProcess daemon) {
    return daemon.process.children().filter(DaemonFixture::running)
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("--warm")).orElse(false))
        .toList();
  }

  private String read(String relative) throws IOException {
    Path file = nodes.workRoot.resolve(relative);
    return Files.exists(file) ? Files.readString(file) : "(none)";
  }

  private static ProcessHandle runner(JsonNode view) {
    return ProcessHandle.of(view.get("pid").asLong()).orElseThrow(() -> new AssertionError("runner gone: " + view));
  }

  private static List<ProcessHandle> tree(ProcessHandle process) {
    return process.descendants().filter(DaemonFixture::running).toList();
  }
}
