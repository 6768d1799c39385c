package dev.taskrunner.core.service.admission;

import dev.taskrunner.core.task.Resources;

/**
 * A task that holds its resources: launched and not yet ended — until its runner and every
 * process of its task are gone ({@code exited} or {@code lost}).
 */
public record Holder(String taskId, Resources resources) {}
