package dev.taskrunner.core.service;

/**
 * Part of a task's output from some offset. {@code nextOffset} is where to resume;
 * {@code complete} is true when the task is final and nothing past {@code nextOffset} will come.
 */
public record OutputChunk(byte[] bytes, long nextOffset, boolean complete) {}
