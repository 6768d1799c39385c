package dev.taskrunner.core.service;

/**
 * Whether the node can accept work: its work root is writable and has at least the configured
 * free space. {@code detail} says what is wrong, or {@code "ok"}.
 */
public record NodeHealth(boolean ok, String detail, long freeBytes) {}
