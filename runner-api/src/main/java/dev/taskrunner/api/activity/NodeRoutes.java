package dev.taskrunner.api.activity;

import dev.taskrunner.core.service.NodeHealth;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/node}: what an operator looks at first — health and free disk, tasks per state
 * against the running limit, warm runners, and launches and finishes per minute over the last hour.
 */
public final class NodeRoutes {
  private final TaskService service;
  private final NodeActivity activity;
  private final NodeCapacity capacity;

  public NodeRoutes(TaskService service, NodeActivity activity, NodeCapacity capacity) {
    this.service = service;
    this.activity = activity;
    this.capacity = capacity;
  }

  public void register(Javalin app) {
    app.get("/v1/node", this::node);
  }

  private void node(Context ctx) {
    NodeHealth health = service.health();
    Map<String, Object> healthJson = new LinkedHashMap<>();
    healthJson.put("status", health.ok() ? "ok" : "unavailable");
    healthJson.put("detail", health.detail());
    healthJson.put("freeBytes", health.freeBytes());
    Map<String, Object> tasks = new LinkedHashMap<>();
    int total = 0;
    for (TaskState state : TaskState.values()) {
      int count = service.count(state);
      tasks.put(state.json(), count);
      total += count;
    }
    tasks.put("total", total);
    List<Map<String, Object>> minutes = activity.lastHour().stream().map(m -> {
      Map<String, Object> minute = new LinkedHashMap<>();
      minute.put("start", m.start().toString());
      minute.put("launched", m.launched());
      minute.put("finished", m.finished());
      return minute;
    }).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("health", healthJson);
    body.put("tasks", tasks);
    body.put("maxRunningTasks", capacity.maxRunningTasks());
    body.put("warmRunners", capacity.warmRunners());
    body.put("activity", minutes);
    ctx.status(200).json(body);
  }
}
