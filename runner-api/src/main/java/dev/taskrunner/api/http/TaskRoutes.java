package dev.taskrunner.api.http;

import dev.taskrunner.api.tasks.TaskSearch;
import dev.taskrunner.core.service.Submission;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Submitting, listing, viewing, stopping and deleting tasks: each a thin call into the service. */
final class TaskRoutes {
  /** How long {@code POST /v1/tasks/{id}/stop} waits for the task to become final before answering. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);
  private final TaskService service;
  private final RequestBodies bodies;

  TaskRoutes(TaskService service, RequestBodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  void register(Javalin app) {
    app.post("/v1/tasks", this::submit);
    app.get("/v1/tasks", this::list);
    app.get("/v1/tasks/{id}", this::get);
    app.delete("/v1/tasks/{id}", this::delete);
    app.post("/v1/tasks/{id}/stop", this::stop);
  }

  private void submit(Context ctx) {
    bodies.readJson(ctx, definition -> {
      Submission submission = service.submit(definition);
      JsonBodies.send(ctx, submission.created() ? 201 : 200, TaskViews.toJson(submission.task()));
    });
  }

  private void list(Context ctx) {
    TaskState state = QueryParams.state(ctx);
    int offset = QueryParams.offset(ctx);
    int limit = QueryParams.limit(ctx);
    String text = QueryParams.text(ctx);
    if (text != null) {
      TaskSearch.Page found = TaskSearch.page(service, state, text, offset, limit);
      ctx.header("X-Total-Count", Integer.toString(found.total()));
      JsonBodies.send(ctx, 200, TaskViews.toJson(found.tasks()));
      return;
    }
    List<TaskView> page = service.list(state, offset, limit);
    ctx.header("X-Total-Count", Integer.toString(service.count(state)));
    JsonBodies.send(ctx, 200, TaskViews.toJson(page));
  }

  private void get(Context ctx) {
    JsonBodies.send(ctx, 200, TaskViews.toJson(service.get(QueryParams.taskId(ctx))));
  }

  private void stop(Context ctx) {
    JsonBodies.send(ctx, 200, TaskViews.toJson(service.stop(QueryParams.taskId(ctx), STOP_WAIT)));
  }

  private void delete(Context ctx) {
    service.delete(QueryParams.taskId(ctx));
    JsonBodies.send(ctx, 200, Map.of("success", true));
  }
}
