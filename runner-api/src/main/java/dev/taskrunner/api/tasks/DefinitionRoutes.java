package dev.taskrunner.api.tasks;

import dev.taskrunner.core.runner.TaskRunner;
import dev.taskrunner.core.service.TaskNotFoundException;
import dev.taskrunner.core.service.TaskService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/tasks/{id}/definition}: the task's definition as the node accepted it (its
 * {@code task.json}, with the id the node gave). The task service has no call for it, so this reads
 * the file in the task's directory; the service is asked first, so only a known task is read.
 */
public final class DefinitionRoutes {
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private final TaskService service;
  /** Null on a node without a work root of its own (a test's fake service): every definition is unknown. */
  private final Path workRoot;

  public DefinitionRoutes(TaskService service, Path workRoot) {
    this.service = service;
    this.workRoot = workRoot;
  }

  public void register(Javalin app) {
    app.get("/v1/tasks/{id}/definition", this::definition);
  }

  private void definition(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (!TASK_ID.matcher(id).matches()) {
      throw new TaskNotFoundException(id);
    }
    service.get(id); // 404 for an unknown task
    Path file = workRoot == null ? null : workRoot.resolve(id).resolve(TaskRunner.TASK_FILE);
    if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || Files.isSymbolicLink(file.getParent())) {
      throw new TaskNotFoundException(id); // deleted meanwhile, or recovered without its task.json
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      ctx.status(200).contentType("application/json").result(in.readAllBytes());
    }
  }
}
