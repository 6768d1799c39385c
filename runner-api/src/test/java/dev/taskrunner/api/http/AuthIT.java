package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.api.config.NodeSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AuthIT {
  private static final String TOKEN = "s3cret-token";

  @Test
  void withoutTheTokenEveryRouteButRootAndHealthIs401() {
    try (NodeClient client = new NodeClient(NodeSettings.loopback(TOKEN), null)) {
      for (String path : new String[] {"/v1/", "/v1/schema", "/v1/tasks", "/v1/tasks/x", "/v1/tasks/x/output", "/nope"}) {
        HttpResponse<String> response = client.get(path);
        assertEquals(401, response.statusCode(), path);
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElseThrow(), path);
        assertTrue(detail(response).startsWith("Authorization: missing"), response.body());
      }
      assertEquals(401, client.postJson("/v1/tasks", "{}").statusCode());
      assertEquals(200, client.get("/").statusCode());
      assertEquals(200, client.get("/health").statusCode());
    }
  }

  @Test
  void aWrongTokenOrSchemeIs401() {
    try (NodeClient wrong = new NodeClient(NodeSettings.loopback(TOKEN), TOKEN + "x")) {
      HttpResponse<String> response = wrong.get("/v1/tasks");
      HttpResponse<String> basic = wrong.send(HttpRequest.newBuilder(wrong.uri("/v1/tasks"))
          .header("Authorization", "Basic " + TOKEN).build());

      assertEquals(401, response.statusCode());
      assertEquals("Authorization: invalid token", detail(response));
      assertEquals(401, basic.statusCode());
      assertEquals("Authorization: expected the Bearer scheme", detail(basic));
    }
  }

  @Test
  void theRightTokenIsLetThrough() {
    try (NodeClient client = new NodeClient(NodeSettings.loopback(TOKEN), TOKEN)) {
      assertEquals(200, client.get("/v1/tasks").statusCode());
      assertEquals(201, client.postJson("/v1/tasks", "{\"machine\":\"echo\",\"parameters\":[]}").statusCode());
      assertEquals(404, client.get("/v1/tasks/unknown").statusCode());
    }
  }

  @Test
  void noTokenConfiguredMeansNoAuth() {
    try (NodeClient client = new NodeClient(NodeSettings.loopback(""), null)) {
      assertEquals(200, client.get("/v1/tasks").statusCode());
    }
  }

  @Test
  void everyDocumentedRouteNeedsTheRightTokenExceptTheOpenOnes() throws Exception {
    try (NodeClient right = new NodeClient(NodeSettings.loopback(TOKEN), TOKEN)) {
      var doc = NodeClient.JSON.readTree(right.get("/v1/openapi.json").body());
      try (NodeClient none = new NodeClient(NodeSettings.loopback(TOKEN), null);
          NodeClient wrong = new NodeClient(NodeSettings.loopback(TOKEN), TOKEN + "x")) {
        for (var paths = doc.get("paths").fields(); paths.hasNext(); ) {
          var path = paths.next();
          for (var ops = path.getValue().fields(); ops.hasNext(); ) {
            var op = ops.next();
            if (op.getKey().equals("parameters")) {
              continue;
            }
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            String route = op.getKey().toUpperCase() + " " + path.getKey();
            String url = path.getKey().replace("{id}", "some-task").replace("{file}", "app.js");
            assertEquals(open ? 200 : 401, call(none, op.getKey(), url), route + " without a token");
            assertEquals(open ? 200 : 401, call(wrong, op.getKey(), url), route + " with a wrong token");
            assertTrue(call(right, op.getKey(), url) != 401, route + " with the right token");
          }
        }
      }
    }
  }

  private static int call(NodeClient client, String method, String path) {
    HttpRequest.Builder request = client.request(path);
    HttpRequest built = switch (method) {
      case "get" -> request.GET().build();
      case "delete" -> request.DELETE().build();
      default -> request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    };
    // The status only: a stream (the event stream) never ends, so its body is closed unread.
    try {
      java.net.http.HttpResponse<java.io.InputStream> response =
          client.http.send(built, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
