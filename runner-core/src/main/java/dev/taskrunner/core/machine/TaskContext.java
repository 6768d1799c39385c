package dev.taskrunner.core.machine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a machine gets to run a task.
 *
 * @param taskId the task's id
 * @param directory where the task's processes run (their working directory; for a node's task,
 *     {@code TASK_DIR/work}), apart from the runner's own files
 * @param output where the task's output goes
 * @param killGrace how long processes the machine stops may take to exit after SIGTERM before
 *     they are killed
 * @param cookie a value unique to this run of the task; every process the machine starts carries
 *     it in its environment as {@link #COOKIE_VARIABLE}, so they can all be found again (and
 *     stopped) even after they left the task's process group, its runner or its node died
 * @param taskUser the user the task's processes run as, or {@code null} for the runner's own
 */
public record TaskContext(String taskId, Path directory, TaskOutput output, Duration killGrace, String cookie,
    String taskUser) {
  /** The environment variable that marks every process of a task with its {@link #cookie}. */
  public static final String COOKIE_VARIABLE = "TASK_RUNNER_COOKIE";

  /** A context for a task run as the runner's own user, with a cookie of its own. */
  public TaskContext(String taskId, Path directory, TaskOutput output, Duration killGrace) {
    this(taskId, directory, output, killGrace, taskId + "/" + java.util.UUID.randomUUID(), null);
  }
}
