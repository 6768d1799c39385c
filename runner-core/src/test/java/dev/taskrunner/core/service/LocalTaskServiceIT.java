package dev.taskrunner.core.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.status.Outcome;
import dev.taskrunner.core.task.InvalidTaskException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task service with real runner JVMs: accept, run, queue, stop, delete, output. */
class LocalTaskServiceIT {
  @TempDir Path workRoot;
  private ServiceFixture node;

  @BeforeEach
  void startNode() {
    node = new ServiceFixture(workRoot, 2);
    node.start();
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void aSubmittedTaskRunsAndReportsItsExitCodeAndOutput() {
    TaskView accepted = node.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":\"echo hi; exit 3\",\"shell\":true},\"name\":\"three\"}");

    TaskView done = node.awaitState(accepted.taskId(), TaskState.EXITED);
    assertEquals(Outcome.FAILED, done.outcome());
    assertEquals(3, done.exitCode());
    assertEquals("three", done.name());
    assertEquals("exec", done.machine());
    assertNotNull(done.pid());
    assertNotNull(done.finishedAt());
    assertEquals("hi\n", node.output(accepted.taskId()));
    assertTrue(Files.exists(workRoot.resolve(accepted.taskId()).resolve("task.json")));
  }

  @Test
  void aTaskIsOnDiskBeforeSubmitReturns() throws Exception {
    TaskView accepted = node.submit("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 0.1\"],\"id\":\"durable-1\"}");

    String stored = Files.readString(workRoot.resolve("durable-1").resolve("task.json"));
    assertTrue(stored.contains("\"id\":\"durable-1\""), stored);
    assertEquals("durable-1", accepted.taskId());
  }

  @Test
  void theSameIdWithTheSameDefinitionIsIdempotentAndWithAnotherIsAConflict() {
    String task = "{\"machine\":\"echo\",\"parameters\":[\"ECHO once\"],\"id\":\"idem-1\"}";
    Submission first = node.service().submit(task.getBytes(StandardCharsets.UTF_8));
    Submission again = node.service().submit(task.getBytes(StandardCharsets.UTF_8));

    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals("idem-1", again.task().taskId());
    assertThrows(TaskConflictException.class, () -> node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO other\"],\"id\":\"idem-1\"}"));
    node.awaitState("idem-1", TaskState.EXITED);
    assertEquals("once\n", node.output("idem-1"));
  }

  @Test
  void anInvalidDefinitionIsRefusedAndNothingIsStored() throws Exception {
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO a\",\"FLY away\"]}"));

    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    try (var entries = Files.list(workRoot)) {
      assertEquals(List.of(WorkRoot.INCOMING), entries.map(p -> p.getFileName().toString()).toList());
    }
    try (var entries = Files.list(workRoot.resolve(WorkRoot.INCOMING))) {
      assertEquals(0, entries.count());
    }
  }

  @Test
  void aTaskIsStillAcceptedWhenTheIncomingDirectoryWasRemovedUnderTheNode() throws Exception {
    Files.delete(workRoot.resolve(WorkRoot.INCOMING));

    node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO still\"],\"id\":\"after-rm\"}");

    node.awaitState("after-rm", TaskState.EXITED);
    assertEquals("still\n", node.output("after-rm"));
  }

  @Test
  void tasksOverTheLimitWaitQueuedAndRunFirstInFirstOut() throws Exception {
    List<String> ids = List.of("q1", "q2", "q3", "q4");
    for (String id : ids) {
      node.submit("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 1\"],\"id\":\"" + id + "\"}");
    }

    await().atMost(ServiceFixture.WAIT).until(() -> node.service().count(TaskState.RUNNING) == 2);
    assertEquals(TaskState.QUEUED, node.service().get("q3").state());
    assertEquals(TaskState.QUEUED, node.service().get("q4").state());
    for (String id : ids) {
      node.awaitState(id, TaskState.EXITED);
    }
    // q3 waited for a slot; q3 and q4 were launched in order (their JVMs may start in either)
    assertTrue(node.service().get("q3").startedAt().isAfter(node.service().get("q1").startedAt()));
    assertTrue(launchedAt("q3").compareTo(launchedAt("q4")) <= 0);
    assertEquals(List.of("q1", "q2", "q3", "q4"), node.service().list(null, 0, 10).stream().map(TaskView::taskId).toList());
    assertEquals(List.of("q2", "q3"), node.service().list(null, 1, 2).stream().map(TaskView::taskId).toList());
  }

  private java.time.Instant launchedAt(String id) throws java.io.IOException {
    return new TaskDirectory(workRoot.resolve(id)).readMarks().launchedAt();
  }

  @Test
  void stoppingARunningTaskCancelsItAndTakesItsProcessTree() {
    TaskView t = node.submit("{\"machine\":\"exec\",\"parameters\":{\"command\":[\"sh\",\"-c\",\"sleep 300 & sleep 300\"]}}");
    node.awaitState(t.taskId(), TaskState.RUNNING);
    await().atMost(ServiceFixture.WAIT).until(() -> node.service().get(t.taskId()).startedAt() != null);
    ProcessHandle runner = ProcessHandle.of(node.service().get(t.taskId()).pid()).orElseThrow();
    await().atMost(ServiceFixture.WAIT).until(() -> runner.descendants().count() >= 3);
    List<ProcessHandle> tree = runner.descendants().toList();

    TaskView stopped = node.service().stop(t.taskId(), Duration.ofSeconds(10));

    assertEquals(TaskState.EXITED, stopped.state());
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertNull(stopped.exitCode());
    await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive) && !runner.isAlive());
  }

  @Test
  void stoppingAQueuedTaskMeansItNeverRuns() {
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 30\"],\"id\":\"busy-1\"}");
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 30\"],\"id\":\"busy-2\"}");
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO ran\"],\"id\":\"waiting\"}");
    assertEquals(TaskState.QUEUED, node.service().get("waiting").state());

    TaskView stopped = node.service().stop("waiting", Duration.ofSeconds(5));

    assertEquals(TaskState.EXITED, stopped.state());
    assertEquals(Outcome.CANCELED, stopped.outcome());
    assertEquals("", node.output("waiting"));
    node.service().stop("busy-1", Duration.ofSeconds(10));
    node.service().stop("busy-2", Duration.ofSeconds(10));
  }

  @Test
  void deleteForgetsAFinishedTaskAndRefusesAnActiveOne() throws Exception {
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"gone\"}");
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"SLEEP 30\"],\"id\":\"active\"}");
    node.awaitState("gone", TaskState.EXITED);
    node.awaitState("active", TaskState.RUNNING);

    node.service().delete("gone");

    assertThrows(TaskNotFoundException.class, () -> node.service().get("gone"));
    assertFalse(Files.exists(workRoot.resolve("gone")));
    try (var archived = Files.list(workRoot.resolve(".archive"))) {
      assertTrue(archived.anyMatch(p -> p.getFileName().toString().startsWith("gone-")));
    }
    assertThrows(TaskConflictException.class, () -> node.service().delete("active"));
    assertThrows(TaskNotFoundException.class, () -> node.service().delete("never-was"));
    node.service().stop("active", Duration.ofSeconds(10));
  }

  @Test
  void outputIsReadFromAnOffsetAndCompleteOnlyOnceTheTaskIsFinal() {
    node.submit("{\"machine\":\"echo\",\"parameters\":[\"ECHO first\",\"SLEEP 30\"],\"id\":\"talker\"}");
    await().atMost(ServiceFixture.WAIT).until(() -> node.output("talker").equals("first\n"));

    OutputChunk tail = node.service().readOutput("talker", 2, 100);
    assertEquals("rst\n", new String(tail.bytes(), StandardCharsets.UTF_8));
    assertEquals(6, tail.nextOffset());
    assertFalse(tail.complete());
    node.service().stop("talker", Duration.ofSeconds(10));
    assertTrue(node.service().readOutput("talker", 6, 100).complete());
  }
}
