package dev.taskrunner.core.service;

/** The answer to a submission: the task, and whether this call created it (201) or found it (200). */
public record Submission(TaskView task, boolean created) {}
