package dev.taskrunner.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.ops.NodeMetrics;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/openapi.json} describes exactly the routes the node serves. */
class OpenApiIT {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private final NodeClient client = NodeClient.open();

  @AfterEach
  void close() {
    client.close();
  }

  private Set<String> documented() throws Exception {
    HttpResponse<String> doc = client.get("/v1/openapi.json");
    assertEquals(200, doc.statusCode());
    JsonNode root = NodeClient.JSON.readTree(doc.body());
    assertEquals("3.0.3", root.get("openapi").asText());
    Set<String> routes = new TreeSet<>();
    for (Iterator<String> paths = root.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      for (Iterator<String> keys = root.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (METHODS.contains(key)) {
          routes.add(key.toUpperCase(Locale.ROOT) + " " + normalize(path));
        }
      }
    }
    return routes;
  }

  private static Set<String> served() {
    Javalin app = HttpNode.create(new FakeTaskService(), NodeSettings.loopback(""), new AtomicBoolean(), new NodeMetrics());
    Set<String> routes = new TreeSet<>();
    app.unsafeConfig().pvt.internalRouter.allHttpHandlers().forEach(e -> {
      HandlerType type = e.getEndpoint().getMethod();
      if (type.isHttpMethod() && type != HandlerType.HEAD && type != HandlerType.OPTIONS) {
        routes.add(type.name() + " " + normalize(e.getEndpoint().getPath()));
      }
    });
    return routes;
  }

  private static String normalize(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  @Test
  void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
    assertEquals(served(), documented());
  }

  @Test
  void everyRouteDocumentsItsErrorAnswers5xxIncludedAsDetailJson() throws Exception {
    JsonNode root = NodeClient.JSON.readTree(client.get("/v1/openapi.json").body());
    for (Iterator<Map.Entry<String, JsonNode>> paths = root.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!METHODS.contains(op.getKey())) {
          continue; // e.g. "parameters" shared by a path's operations
        }
        String route = op.getKey() + " " + path.getKey();
        JsonNode responses = op.getValue().get("responses");
        for (String code : List.of("400", "431", "500", "505")) {
          assertTrue(responses.has(code), route + " documents " + code);
        }
        for (Iterator<Map.Entry<String, JsonNode>> answers = responses.fields(); answers.hasNext(); ) {
          Map.Entry<String, JsonNode> answer = answers.next();
          if (answer.getKey().compareTo("400") >= 0 && !route.equals("get /health")) {
            String ref = answer.getValue().path("$ref").asText();
            JsonNode resolved = root.at(ref.substring(1)); // "#/components/x" -> "/components/x"
            assertEquals("#/components/schemas/Problem",
                resolved.at("/content/application~1json/schema/$ref").asText(), route + " " + answer.getKey());
          }
        }
      }
    }
    assertTrue(root.at("/paths/~1v1~1tasks/post/responses").has("408"), "POST /v1/tasks documents its body deadline");
    assertTrue(root.at("/paths/~1v1~1tasks~1{id}~1output/get/responses").has("503"), "output documents its follower limit");
  }

  @Test
  void everyDocumentedRouteAnswersAsARouteNotAsAnUnknownPath() throws Exception {
    String id = client.service.add("done", dev.taskrunner.core.service.TaskState.EXITED);
    // DELETE last: it forgets the task the other routes are asked about.
    for (String route : documented().stream().sorted(java.util.Comparator.comparing((String r) -> r.startsWith("DELETE"))).toList()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replace("{id}", id).replace("{file}", "app.js");
      HttpRequest.Builder request = client.request(path);
      HttpRequest built = method.equals("GET") ? request.GET().build()
          : method.equals("DELETE") ? request.DELETE().build()
          : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
      // A stream (the event stream) never ends: its status is enough, and its body is closed unread.
      HttpResponse<java.io.InputStream> response = client.http.send(built, HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (java.io.InputStream in = response.body()) {
        body = response.statusCode() == 200 ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      assertNotEquals(405, response.statusCode(), route);
      // A route may answer 404 for a task it cannot find (the fake has no task.json); never as an unknown path.
      assertNotEquals(true, response.statusCode() == 404 && body.contains("no route"), route + ": " + body);
    }
  }
}
