package dev.taskrunner.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health} tells whether the node can take work, and a node that cannot refuses it. */
class HealthIT {
  @TempDir Path workRoot;

  @Test
  void aHealthyNodeSaysOkWithItsFreeSpace() throws Exception {
    try (RealNode node = new RealNode(workRoot, c -> c)) {
      HttpResponse<String> health = node.get("/health");

      assertEquals(200, health.statusCode());
      assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
      assertTrue(health.body().matches(".*\"freeBytes\":[1-9][0-9]*.*"), health.body());
    }
  }

  @Test
  void aNodeShortOfDiskIsUnhealthyAndRefusesTasksWith503() throws Exception {
    try (RealNode node = new RealNode(workRoot, c -> c.toBuilder().limits(c.maxOutputBytes(), Long.MAX_VALUE / 4).build())) {
      HttpResponse<String> health = node.get("/health");
      HttpResponse<String> submit = node.post("/v1/tasks", "{\"machine\":\"echo\",\"parameters\":[\"ECHO x\"],\"id\":\"no-room\"}");

      assertEquals(503, health.statusCode());
      assertTrue(health.body().contains("minFreeDiskBytes"), health.body());
      assertEquals(503, submit.statusCode());
      assertTrue(submit.body().contains("cannot accept tasks"), submit.body());
      assertTrue(Files.notExists(workRoot.resolve("no-room")), "nothing was stored");
    }
  }
}
