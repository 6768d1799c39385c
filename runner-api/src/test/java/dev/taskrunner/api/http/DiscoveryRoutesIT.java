package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryRoutesIT {
  private final NodeClient client = NodeClient.open();

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void rootNamesTheNodeAndItsV1Api() {
    HttpResponse<String> response = client.get("/");

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("{\"name\":\"task-runner\",\"version\":\"0.1.0\","
        + "\"apis\":[{\"root\":\"/v1\",\"version\":\"1.0\",\"min_version\":\"1.0\"}]}", response.body());
  }

  @Test
  void v1RootAndSchemaDescribeEveryRouteInTessiaForm() {
    for (String path : new String[] {"/v1/", "/v1", "/v1/schema"}) {
      HttpResponse<String> response = client.get(path);
      JsonNode body = json(response);

      assertEquals(200, response.statusCode(), path);
      assertTrue(body.get("success").asBoolean(), path);
      assertEquals("api root", body.get("/").asText(), path);
      for (String route : new String[] {"/tasks", "/tasks/{id}", "/tasks/{id}/stop", "/tasks/{id}/output", "/schema"}) {
        assertTrue(body.hasNonNull(route), path + " describes " + route);
      }
    }
  }

  @Test
  void healthIsOkWhenTheServiceCanTakeWork() {
    HttpResponse<String> response = client.get("/health");

    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"ok\",\"detail\":\"ok\",\"freeBytes\":1099511627776}", response.body());
  }

  @Test
  void healthIs503WithTheReasonWhenTheServiceCannot() {
    client.service.health = new dev.taskrunner.core.service.NodeHealth(false, "disk full", 12);

    HttpResponse<String> response = client.get("/health");

    assertEquals(503, response.statusCode());
    assertEquals("{\"status\":\"unavailable\",\"detail\":\"disk full\",\"freeBytes\":12}", response.body());
  }
}
