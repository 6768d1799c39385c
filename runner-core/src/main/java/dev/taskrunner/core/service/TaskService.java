package dev.taskrunner.core.service;

import java.time.Duration;
import java.util.List;

/**
 * The node's task service: accepts tasks, runs them through an environment within a concurrency
 * limit, tracks their state, and after a restart re-adopts every task found under the work root.
 * The HTTP layer is a thin adapter over this interface.
 *
 * <p>Thread-safe. {@link #start()} returns only when every task on disk has a state.
 * {@link #close()} stops watching, never the tasks: they keep running and the next start adopts them.
 */
public interface TaskService extends AutoCloseable {

  /** Recovers every task under the work root, starts queued ones, starts monitoring. */
  void start();

  /**
   * Validates and accepts a task definition (the JSON body of {@code POST /v1/tasks}); the task is
   * on disk before this returns. A repeated client id with the same definition returns the
   * existing task ({@code created} false).
   *
   * @throws dev.taskrunner.core.task.InvalidTaskException bad definition (400)
   * @throws TaskConflictException the id exists with another definition (409)
   * @throws NodeUnavailableException cannot persist or the node is closing (503)
   */
  Submission submit(byte[] definitionJson);

  /** Tasks in creation order; {@code state} null for all; {@code offset}/{@code limit} page the result. */
  List<TaskView> list(TaskState state, int offset, int limit);

  /** How many tasks {@link #list} would page through for {@code state} (null for all). */
  int count(TaskState state);

  /** @throws TaskNotFoundException unknown id */
  TaskView get(String taskId);

  /**
   * Stops a task: a queued one never runs; a running one gets SIGTERM, and after the grace period
   * it and its whole process tree get SIGKILL. Waits up to {@code wait} for the task to be final,
   * then returns its view. Stopping a final task changes nothing.
   *
   * @throws TaskNotFoundException unknown id
   */
  TaskView stop(String taskId, Duration wait);

  /**
   * Forgets a final task: removes it from the list and archives or removes its directory.
   *
   * @throws TaskNotFoundException unknown id
   * @throws TaskConflictException the task is not final (stop it first)
   */
  void delete(String taskId);

  /**
   * Reads up to {@code maxBytes} of the task's output from {@code offset}. An empty chunk that is
   * not {@code complete} means: nothing new yet, ask again.
   *
   * @throws TaskNotFoundException unknown id
   */
  OutputChunk readOutput(String taskId, long offset, int maxBytes);

  /** Whether the node can accept work now (work root writable, enough free disk). */
  NodeHealth health();

  /** Stops monitoring and launching; running tasks keep running. */
  @Override
  void close();
}
