package dev.taskrunner.api.tasks;

import dev.taskrunner.core.layout.TaskFiles;
import dev.taskrunner.core.layout.WorkRoot;
import dev.taskrunner.core.service.TaskNotFoundException;
import dev.taskrunner.core.service.TaskService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/tasks/{id}/definition}: the task's definition as the node accepted it (its
 * {@code task.json}, with the id the node gave). The task service has no call for it, so this reads
 * the file in the task's directory; the service is asked first, so only a known task is read.
 */
public final class DefinitionRoutes {
  /** Larger than any definition a node accepts with a sane body limit; a bigger task.json is not served. */
  static final int MAX_BYTES = 64 * 1024 * 1024;
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
    if (workRoot == null) {
      throw new TaskNotFoundException(id);
    }
    byte[] definition;
    try {
      // Without following links: a task.json that is not a regular file is not served.
      definition = TaskFiles.readRegular(new WorkRoot(workRoot).task(id).task(), MAX_BYTES);
    } catch (FileSystemException e) {
      throw new TaskNotFoundException(id); // deleted meanwhile, or recovered without a usable task.json
    }
    ctx.status(200).contentType("application/json").result(definition);
  }
}
