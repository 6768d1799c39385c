package dev.taskrunner.core.machine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a machine gets to run a task: its id, its working directory, where its output goes, and
 * how long processes it stops may take to exit after SIGTERM before they are killed.
 */
public record TaskContext(String taskId, Path directory, TaskOutput output, Duration killGrace) {}
