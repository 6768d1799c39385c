package dev.taskrunner.api.activity;

/**
 * The node's configured capacity, as {@code GET /v1/node} shows it beside the live counts; a field
 * is null when the node runs without that setting (a test's fake service).
 *
 * @param maxRunningTasks tasks that may run at once
 * @param warmRunners runner JVMs kept started ahead of demand (the configured number: the pool's
 *     live count is not visible through the task service)
 */
public record NodeCapacity(Integer maxRunningTasks, Integer warmRunners) {
  public static final NodeCapacity UNKNOWN = new NodeCapacity(null, null);
}
