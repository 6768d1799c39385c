package dev.taskrunner.api.http;

import dev.taskrunner.core.service.NodeHealth;
import dev.taskrunner.core.service.TaskService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's self-description (Tessia v1 form) and its health check. */
final class DiscoveryRoutes {
  static final String NAME = "task-runner";
  static final String VERSION = "0.1.0";
  static final String API_VERSION = "1.0";

  /** Each v1 route and what it does, as {@code GET /v1/} and {@code GET /v1/schema} show them. */
  static final Map<String, String> V1_ROUTES = routes();

  private DiscoveryRoutes() {}

  static void register(Javalin app, TaskService service) {
    app.get("/", DiscoveryRoutes::root);
    app.get("/health", ctx -> health(ctx, service.health()));
    app.get("/v1", DiscoveryRoutes::schema); // "/v1/" too: trailing slashes are ignored
    app.get("/v1/schema", DiscoveryRoutes::schema);
    byte[] openApi = openApi();
    app.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  /** The OpenAPI 3 description of the API, kept true by OpenApiIT. */
  static byte[] openApi() {
    try (InputStream in = DiscoveryRoutes.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 200 when the node can accept work, 503 with the reason when it cannot. */
  private static void health(Context ctx, NodeHealth health) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", health.ok() ? "ok" : "unavailable");
    body.put("detail", health.detail());
    body.put("freeBytes", health.freeBytes());
    JsonBodies.send(ctx, health.ok() ? 200 : 503, body);
  }

  private static void root(Context ctx) {
    Map<String, Object> api = new LinkedHashMap<>();
    api.put("root", "/v1");
    api.put("version", API_VERSION);
    api.put("min_version", API_VERSION);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", NAME);
    body.put("version", VERSION);
    body.put("apis", List.of(api));
    JsonBodies.send(ctx, 200, body);
  }

  private static void schema(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.putAll(V1_ROUTES);
    JsonBodies.send(ctx, 200, body);
  }

  private static Map<String, String> routes() {
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("/", "api root");
    routes.put("/schema", "this description of the api");
    routes.put("/tasks", "GET: list tasks in creation order (query: state, offset, limit; header X-Total-Count);"
        + " POST: submit a task definition (application/json)");
    routes.put("/tasks/{id}", "GET: the task's full view; DELETE: forget a finished task");
    routes.put("/tasks/{id}/stop", "POST: stop the task (SIGTERM, then SIGKILL after the grace period)");
    routes.put("/openapi.json", "GET: the OpenAPI 3 description of this api");
    routes.put("/tasks/{id}/output", "GET: the task's output (query: offset; follow=true streams until the task ends;"
        + " header X-Next-Offset)");
    routes.put("/tasks/{id}/definition", "GET: the task's definition as accepted (its task.json)");
    routes.put("/events", "GET: task changes as Server-Sent Events; Last-Event-ID resumes (a reset event when it cannot)");
    routes.put("/node", "GET: health, free disk, tasks per state, capacity, launches and finishes per minute");
    return Collections.unmodifiableMap(routes);
  }
}
