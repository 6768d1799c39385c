package dev.taskrunner.api.http;

import dev.taskrunner.core.service.TaskView;
import dev.taskrunner.core.task.Resources;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TaskView} as the API shows it. Every field is always present, null when it does not
 * apply, so clients need not tell "absent" from "null".
 */
public final class TaskViews {
  private TaskViews() {}

  public static Map<String, Object> toJson(TaskView view) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("taskId", view.taskId());
    json.put("state", view.state() == null ? null : view.state().json());
    json.put("name", view.name());
    json.put("machine", view.machine());
    json.put("outcome", view.outcome() == null ? null : view.outcome().json());
    json.put("exitCode", view.exitCode());
    json.put("signal", view.signal());
    json.put("pid", view.pid());
    json.put("host", view.host());
    json.put("acceptedAt", text(view.acceptedAt()));
    json.put("startedAt", text(view.startedAt()));
    json.put("updatedAt", text(view.updatedAt()));
    json.put("finishedAt", text(view.finishedAt()));
    json.put("heartbeatAgeMs", view.heartbeatAgeMillis());
    json.put("timeoutSeconds", view.timeoutSeconds());
    json.put("reason", view.reason());
    json.put("outputBytes", view.outputBytes());
    json.put("outputTruncated", view.outputTruncated());
    json.put("resources", resources(view.resources()));
    json.put("after", view.after());
    json.put("afterAny", view.afterAny());
    json.put("holds", resources(view.holds()));
    json.put("waitingFor", view.waitingFor());
    return json;
  }

  private static Map<String, Object> resources(Resources r) {
    return r == null ? null : r.toJsonMap();
  }

  public static List<Map<String, Object>> toJson(List<TaskView> views) {
    return views.stream().map(TaskViews::toJson).toList();
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
