package dev.taskrunner.api.http;

import dev.taskrunner.api.ops.NodeMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /metrics}: Prometheus text format. Behind the token like every route but {@code /} and {@code /health}. */
final class MetricsRoutes {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsRoutes() {}

  static void register(Javalin app, NodeMetrics metrics) {
    app.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
  }

  /** The matched route template ({@code /v1/tasks/{id}}), so ids do not explode the metric's labels. */
  static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() || ctx.handlerType() == HandlerType.BEFORE ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
