package dev.taskrunner.core.task;

/**
 * What a node keeps in memory of an accepted task: the few fields its views show. The whole
 * definition (its parameters may be a megabyte) stays in {@code task.json} and is read from there
 * when needed, so the node's memory does not grow with what its tasks carry.
 */
public record TaskSummary(String machine, String name, Long timeoutSeconds) {}
