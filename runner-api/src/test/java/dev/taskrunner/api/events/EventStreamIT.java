package dev.taskrunner.api.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskrunner.api.ui.OperatorNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/events} over real HTTP from a real node: order, resumption across a restart, resets, auth, the cap. */
class EventStreamIT {
  @TempDir
  Path temp;

  private static String submit(OperatorNode node, String definition) throws Exception {
    HttpResponse<String> created = node.post("/v1/tasks", definition);
    assertEquals(201, created.statusCode(), created.body());
    return SseClient.JSON.readTree(created.body()).get("taskId").asText();
  }

  private static List<String> typesOf(SseClient stream, String taskId) {
    return stream.frames.stream().filter(f -> taskId.equals(f.data().path("taskId").asText())).map(SseClient.Frame::event).toList();
  }

  @Test
  void aTaskIsStreamedFromAcceptanceToItsExitWithIncreasingIds() throws Exception {
    try (OperatorNode node = new OperatorNode(temp.resolve("work"), "");
         SseClient stream = new SseClient(node.http, node.request("/v1/events").build())) {
      assertEquals(200, stream.response.statusCode());
      assertTrue(stream.response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      String id = submit(node, "{\"machine\": \"echo\", \"parameters\": [\"ECHO hi\", \"RETURN 3\"]}");
      SseClient.Frame exited = stream.awaitFrame(SseClient.of(id, "exited"));
      assertEquals("failed", exited.data().get("task").get("outcome").asText());
      assertEquals(3, exited.data().get("task").get("exitCode").asInt());
      List<String> types = typesOf(stream, id);
      assertEquals("accepted", types.get(0));
      assertTrue(types.indexOf("running") > 0 && types.indexOf("running") < types.indexOf("exited"), types.toString());
      long previous = 0;
      for (SseClient.Frame f : stream.frames) {
        assertTrue(Long.parseLong(f.id()) > previous, "ids increase");
        previous = Long.parseLong(f.id());
      }
      // deleting the task is an event too
      assertEquals(200, node.http.send(node.request("/v1/tasks/" + id).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      assertTrue(stream.awaitFrame(SseClient.of(id, "deleted")).data().get("task").isNull());
    }
  }

  @Test
  void lastEventIdResumesWithoutAGapAcrossANodeRestart() throws Exception {
    Path work = temp.resolve("work");
    try (OperatorNode node = new OperatorNode(work, "")) {
      // GIVEN a client that saw a first task's events, then left
      String seen;
      String first = submit(node, "{\"machine\": \"echo\", \"parameters\": [\"ECHO one\"]}");
      try (SseClient stream = new SseClient(node.http, node.request("/v1/events?lastEventId=0").build())) {
        stream.awaitFrame(SseClient.of(first, "exited"));
        seen = stream.lastId();
      }
      // WHILE it is away: a task runs to its end, another is running when the node stops...
      String missed = submit(node, "{\"machine\": \"echo\", \"parameters\": [\"ECHO two\"]}");
      String slow = submit(node, "{\"machine\": \"echo\", \"parameters\": [\"SLEEP 3\", \"ECHO done\"]}");
      await().atMost(Duration.ofSeconds(60)).until(() -> node.service.get(missed).state().isFinal()
          && node.service.get(slow).pid() != null);
      node.stop();
      // ...and ends while no node watches
      // (its pid is the node's record from the launch: the runner may not have written a status yet)
      await().atMost(Duration.ofSeconds(60)).ignoreException(NoSuchFileException.class)
          .until(() -> Files.readString(work.resolve(slow).resolve("status.json")).contains("succeeded"));
      node.restartAfterStop();
      // THEN the client resumes from its last id and hears everything after it, once
      try (SseClient stream = new SseClient(node.http, node.request("/v1/events").header("Last-Event-ID", seen).build())) {
        stream.awaitFrame(SseClient.of(slow, "exited"));
        stream.awaitFrame(SseClient.of(missed, "exited"));
        assertFalse(stream.frames.stream().anyMatch(f -> f.event().equals("reset")), "no reset: " + stream.frames);
        assertFalse(typesOf(stream, first).contains("accepted"), "nothing the client saw comes again");
        assertEquals("accepted", typesOf(stream, missed).get(0));
        Set<String> ids = new HashSet<>();
        List<Long> order = new ArrayList<>();
        for (SseClient.Frame f : stream.frames) {
          assertTrue(ids.add(f.id()), "one frame per id");
          order.add(Long.parseLong(f.id()));
        }
        assertEquals(order.stream().sorted().toList(), order);
        assertTrue(order.get(0) > Long.parseLong(seen));
      }
    }
  }

  @Test
  void anIdTheNodeCannotResumeFromGetsAResetEventThenLiveEvents() throws Exception {
    try (OperatorNode node = new OperatorNode(temp.resolve("work"), "");
         SseClient stream = new SseClient(node.http, node.request("/v1/events").header("Last-Event-ID", "987654").build())) {
      SseClient.Frame reset = stream.awaitFrame(f -> f.event().equals("reset"));
      assertEquals("unknown", reset.data().get("reason").asText());
      assertTrue(reset.data().get("detail").asText().contains("reload the task list"));
      String id = submit(node, "{\"machine\": \"echo\", \"parameters\": [\"ECHO hi\"]}");
      stream.awaitFrame(SseClient.of(id, "exited"));
    }
  }

  @Test
  void theStreamNeedsTheTokenLikeEveryOtherRoute() throws Exception {
    try (OperatorNode node = new OperatorNode(temp.resolve("work"), "s3cret")) {
      HttpResponse<String> refused = node.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.url() + "/v1/events"))
          .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode());
      assertTrue(SseClient.JSON.readTree(refused.body()).has("detail"));
      try (SseClient stream = new SseClient(node.http, node.request("/v1/events").build())) {
        assertEquals(200, stream.response.statusCode());
      }
    }
  }

  @Test
  void streamsPastTheCapGet503WithAJsonDetail() throws Exception {
    try (OperatorNode node = new OperatorNode(temp.resolve("work"), "")) {
      List<SseClient> open = new ArrayList<>();
      try {
        for (int i = 0; i < EventFeed.MAX_STREAMS; i++) {
          open.add(new SseClient(node.http, node.request("/v1/events").build()));
          assertEquals(200, open.get(i).response.statusCode());
        }
        HttpResponse<String> refused = node.get("/v1/events");
        assertEquals(503, refused.statusCode());
        JsonNode body = SseClient.JSON.readTree(refused.body());
        assertTrue(body.get("detail").asText().contains("streams are open"), body.toString());
      } finally {
        for (SseClient s : open) {
          s.close();
        }
      }
    }
  }
}
