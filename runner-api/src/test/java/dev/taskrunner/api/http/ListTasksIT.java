package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static dev.taskrunner.api.http.NodeClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskrunner.core.service.TaskState;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListTasksIT {
  private final NodeClient client = NodeClient.open();
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void fiveTasks() {
    // GIVEN tasks created in this order: running, exited, running, queued, running
    for (TaskState state : List.of(TaskState.RUNNING, TaskState.EXITED, TaskState.RUNNING, TaskState.QUEUED,
        TaskState.RUNNING)) {
      ids.add(client.service.add("task " + ids.size(), state));
    }
  }

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void listsEveryTaskInCreationOrderWithTheTotalCount() {
    HttpResponse<String> response = client.get("/v1/tasks");

    assertEquals(200, response.statusCode());
    assertEquals(ids, taskIds(response));
    assertEquals("5", response.headers().firstValue("X-Total-Count").orElseThrow());
    assertEquals("running", json(response).get(0).get("state").asText());
  }

  @Test
  void offsetAndLimitPageWhileTheTotalCountStaysWhole() {
    HttpResponse<String> page = client.get("/v1/tasks?offset=1&limit=2");
    HttpResponse<String> past = client.get("/v1/tasks?offset=10");

    assertEquals(ids.subList(1, 3), taskIds(page));
    assertEquals("5", page.headers().firstValue("X-Total-Count").orElseThrow());
    assertEquals(List.of(), taskIds(past));
  }

  @Test
  void stateFiltersTheListAndTheCount() {
    HttpResponse<String> running = client.get("/v1/tasks?state=running&offset=1");

    assertEquals(List.of(ids.get(2), ids.get(4)), taskIds(running));
    assertEquals("3", running.headers().firstValue("X-Total-Count").orElseThrow());
  }

  @Test
  void badQueryParametersAre400NamingTheParameter() {
    assertBadParameter("/v1/tasks?state=sleeping", "state: ");
    assertBadParameter("/v1/tasks?state=RUNNING", "state: ");
    assertBadParameter("/v1/tasks?offset=-1", "offset: ");
    assertBadParameter("/v1/tasks?offset=abc", "offset: ");
    assertBadParameter("/v1/tasks?limit=1001", "limit: ");
    assertBadParameter("/v1/tasks?limit=-5", "limit: ");
    assertBadParameter("/v1/tasks?limit=99999999999999999999", "limit: ");
  }

  private void assertBadParameter(String path, String prefix) {
    HttpResponse<String> response = client.get(path);
    assertEquals(400, response.statusCode(), path);
    assertTrue(detail(response).startsWith(prefix), path + " -> " + response.body());
  }

  private static List<String> taskIds(HttpResponse<String> response) {
    List<String> found = new ArrayList<>();
    for (JsonNode view : json(response)) {
      found.add(view.get("taskId").asText());
    }
    return found;
  }
}
