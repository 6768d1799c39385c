package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static dev.taskrunner.api.http.NodeClient.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import dev.taskrunner.core.status.Outcome;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resources and dependencies through the HTTP API of a real node (runner JVMs and all). */
class WaitsIT {
  @TempDir Path workRoot;
  private RealNode node;

  @BeforeEach
  void start() {
    node = new RealNode(workRoot, c -> c);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static String echo(String id, String extra, String... lines) {
    return "{\"id\":\"" + id + "\",\"machine\":\"echo\",\"parameters\":[\"" + String.join("\",\"", lines) + "\"]"
        + extra + "}";
  }

  private JsonNode submit(String json) throws Exception {
    HttpResponse<String> answer = node.post("/v1/tasks", json);
    assertEquals(201, answer.statusCode(), answer.body());
    return json(answer);
  }

  @Test
  void anEchoUseExclusiveLineMakesTheSecondTaskWaitForTheFirstAndSaysWhy() throws Exception {
    JsonNode first = submit(echo("disk-a", "", "USE EXCLUSIVE disk7", "SLEEP 2"));
    JsonNode second = submit(echo("disk-b", ",\"resources\":{\"shared\":[\"lpar01\"]}", "USE EXCLUSIVE disk7", "ECHO b"));

    assertEquals("disk7", first.path("resources").path("exclusive").get(0).asText());
    assertEquals("running", first.path("state").asText());
    assertEquals("disk7", first.path("holds").path("exclusive").get(0).asText());
    assertEquals("queued", second.path("state").asText());
    assertEquals("exclusive disk7, held by disk-a", second.path("waitingFor").asText());
    assertTrue(second.path("holds").isNull());
    TaskView a = node.awaitFinal("disk-a");
    TaskView b = node.awaitFinal("disk-b");
    assertEquals(Outcome.SUCCEEDED, b.outcome());
    assertFalse(b.startedAt().isBefore(a.finishedAt()), "b started at " + b.startedAt() + ", a ended at " + a.finishedAt());
    assertNull(b.holds());
    assertNull(b.waitingFor());
  }

  @Test
  void aTaskRunsAfterItsDependencySucceedsAndIsCanceledWhenOneFails() throws Exception {
    submit(echo("dep-ok", "", "SLEEP 2"));
    submit(echo("dep-bad", "", "RETURN 3"));
    JsonNode waits = submit(echo("then", ",\"after\":[\"dep-ok\"]", "ECHO then"));
    submit(echo("never", ",\"after\":[\"dep-ok\",\"dep-bad\"]", "ECHO never"));
    submit(echo("anyway", ",\"after\":[\"dep-bad\"],\"afterAny\":true", "ECHO anyway"));

    assertEquals("queued", waits.path("state").asText());
    assertEquals("dependency dep-ok (running)", waits.path("waitingFor").asText());
    TaskView then = node.awaitFinal("then");
    TaskView never = node.awaitFinal("never");
    TaskView anyway = node.awaitFinal("anyway");
    assertEquals(Outcome.SUCCEEDED, then.outcome());
    assertFalse(then.startedAt().isBefore(node.service.get("dep-ok").finishedAt()));
    assertEquals(Outcome.CANCELED, never.outcome());
    assertEquals("dependency dep-bad failed", never.reason());
    assertNull(never.startedAt(), "never ran");
    assertEquals(Outcome.SUCCEEDED, anyway.outcome());
  }

  @Test
  void stoppingADependencyCancelsTheTaskThatWaitsForIt() throws Exception {
    submit(echo("long", "", "SLEEP 60"));
    submit(echo("next", ",\"after\":[\"long\"]", "ECHO next"));

    node.post("/v1/tasks/long/stop", "");

    TaskView next = node.awaitFinal("next");
    assertEquals(Outcome.CANCELED, next.outcome());
    assertEquals("dependency long was canceled", next.reason());
  }

  @Test
  void aDeletedDependencysIdTakenByANewTaskIsNotTheTaskThatWaitedForIt() throws Exception {
    submit(echo("first", "", "ECHO first"));
    node.awaitFinal("first");
    submit(echo("slow", "", "SLEEP 3"));
    submit(echo("both", ",\"after\":[\"first\",\"slow\"],\"afterAny\":true", "ECHO both"));
    node.service.delete("first");

    // A new task under the deleted id, running after the one that named the old: no wait cycle.
    submit(echo("first", ",\"after\":[\"both\"]", "ECHO again"));

    TaskView both = node.awaitFinal("both");
    TaskView again = node.awaitFinal("first");
    assertEquals(Outcome.SUCCEEDED, both.outcome());
    assertEquals(Outcome.SUCCEEDED, again.outcome());
    assertFalse(again.startedAt().isBefore(both.finishedAt()));
  }

  @Test
  void unknownDependenciesAndBadResourcesAre400NamingTheField() throws Exception {
    HttpResponse<String> unknown = node.post("/v1/tasks", echo("x", ",\"after\":[\"nobody\"]", "ECHO x"));
    HttpResponse<String> both = node.post("/v1/tasks",
        echo("y", ",\"resources\":{\"exclusive\":[\"d\"],\"shared\":[\"d\"]}", "ECHO y"));
    HttpResponse<String> self = node.post("/v1/tasks", echo("z", ",\"after\":[\"z\"]", "ECHO z"));

    assertEquals(400, unknown.statusCode());
    assertTrue(detail(unknown).contains("after[0]") && detail(unknown).contains("nobody"), detail(unknown));
    assertEquals(400, both.statusCode());
    assertTrue(detail(both).startsWith("resources"), detail(both));
    assertEquals(400, self.statusCode(), "a task cannot wait for itself: a cycle cannot be made");
    await().atMost(Duration.ofSeconds(5)).until(() -> node.service.list(TaskState.QUEUED, 0, 10).isEmpty());
  }
}
