package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static dev.taskrunner.api.http.NodeClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskrunner.core.service.TaskState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskRoutesIT {
  private static final String ECHO = "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"],\"id\":\"job-1\",\"name\":\"greet\"}";
  private final NodeClient client = NodeClient.open();

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void submitPassesTheBodyAsIsAndAnswers201WithTheFullView() {
    HttpResponse<String> response = client.postJson("/v1/tasks", ECHO);
    JsonNode view = json(response);

    assertEquals(201, response.statusCode());
    assertArrayEquals(ECHO.getBytes(StandardCharsets.UTF_8), client.service.lastSubmitted);
    assertEquals("job-1", view.get("taskId").asText());
    assertEquals("queued", view.get("state").asText());
    assertEquals("greet", view.get("name").asText());
    assertEquals("echo", view.get("machine").asText());
    assertEquals("2026-11-24T10:00:00Z", view.get("acceptedAt").asText());
    for (String field : List.of("outcome", "exitCode", "pid", "host", "startedAt", "updatedAt", "finishedAt",
        "heartbeatAgeMs", "timeoutSeconds", "reason")) {
      assertTrue(view.has(field) && view.get(field).isNull(), field + " is present and null");
    }
  }

  @Test
  void anIdempotentRepeatAnswers200AndAnotherDefinitionUnderTheSameId409() {
    client.postJson("/v1/tasks", ECHO);

    HttpResponse<String> repeat = client.postJson("/v1/tasks", ECHO);
    HttpResponse<String> conflict = client.postJson("/v1/tasks", ECHO.replace("ECHO hi", "ECHO ho"));

    assertEquals(200, repeat.statusCode());
    assertEquals("job-1", json(repeat).get("taskId").asText());
    assertEquals(409, conflict.statusCode());
    assertTrue(detail(conflict).contains("job-1"), conflict.body());
  }

  @Test
  void aBadDefinitionIs400NamingTheField() {
    HttpResponse<String> response = client.postJson("/v1/tasks", "{\"parameters\":[]}");

    assertEquals(400, response.statusCode());
    assertEquals("machine: is required", detail(response));
  }

  @Test
  void aNodeThatCannotTakeWorkAnswers503() {
    client.service.unavailable(true);

    HttpResponse<String> response = client.postJson("/v1/tasks", ECHO);

    assertEquals(503, response.statusCode());
    assertEquals("work root not writable", detail(response));
  }

  @Test
  void aKnownTaskShowsItsFullViewAndAnUnknownOneIs404() {
    String id = client.service.add("running one", TaskState.RUNNING);

    JsonNode view = json(client.get("/v1/tasks/" + id));
    HttpResponse<String> unknown = client.get("/v1/tasks/nope");
    HttpResponse<String> impossible = client.get("/v1/tasks/..%2F..%2Fetc");

    assertEquals("running", view.get("state").asText());
    assertEquals(4242, view.get("pid").asLong());
    assertEquals("node-1", view.get("host").asText());
    assertEquals(120, view.get("heartbeatAgeMs").asLong());
    assertEquals(3600, view.get("timeoutSeconds").asLong());
    assertEquals("2026-11-24T10:00:01Z", view.get("startedAt").asText());
    assertEquals(404, unknown.statusCode());
    assertEquals("task nope: no such task", detail(unknown));
    assertEquals(404, impossible.statusCode());
  }

  @Test
  void stopWaitsFiveSecondsAndAnswersTheView() {
    String id = client.service.add("long", TaskState.RUNNING);

    HttpResponse<String> response = client.send(client.request("/v1/tasks/" + id + "/stop")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());

    assertEquals(200, response.statusCode());
    assertEquals(id, json(response).get("taskId").asText());
    assertEquals("exited", json(response).get("state").asText());
    assertEquals("canceled", json(response).get("outcome").asText());
    assertEquals(Duration.ofSeconds(5), client.service.lastStopWait);
    assertEquals(404, client.send(client.request("/v1/tasks/nope/stop")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode());
  }

  @Test
  void deleteForgetsAFinalTaskAndRefusesAnActiveOne() {
    String done = client.service.add("done", TaskState.EXITED);
    String active = client.service.add("active", TaskState.RUNNING);

    HttpResponse<String> deleted = client.delete("/v1/tasks/" + done);
    HttpResponse<String> again = client.delete("/v1/tasks/" + done);
    HttpResponse<String> refused = client.delete("/v1/tasks/" + active);

    assertEquals(200, deleted.statusCode());
    assertEquals("{\"success\":true}", deleted.body());
    assertEquals(404, again.statusCode());
    assertEquals(409, refused.statusCode());
    assertTrue(detail(refused).contains("stop it first"), refused.body());
  }
}
