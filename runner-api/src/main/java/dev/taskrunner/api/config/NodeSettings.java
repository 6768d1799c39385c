package dev.taskrunner.api.config;

import dev.taskrunner.core.task.TaskDefinitions;

/**
 * What the HTTP node needs besides the task service; validated here, then immutable.
 *
 * @param bind the address to listen on ({@code 127.0.0.1}, {@code 0.0.0.0}, a host name)
 * @param port the port; 0 picks a free one ({@link dev.taskrunner.api.http.HttpNode#port()} tells which)
 * @param apiToken when not empty, every route but {@code GET /} and {@code GET /health} needs
 *     {@code Authorization: Bearer <apiToken>}
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param limits connections, timeouts and followers: what keeps the node answering under load
 */
public record NodeSettings(String bind, int port, String apiToken, int maxBodyBytes, ServingLimits limits) {
  /** The node's default equals what the CLI reads from a task file: one number for both. */
  public static final int DEFAULT_MAX_BODY_BYTES = TaskDefinitions.MAX_DEFINITION_BYTES;

  public NodeSettings {
    if (bind == null || bind.isBlank()) {
      throw new IllegalArgumentException("bind: is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be 0..65535, got " + port);
    }
    if (maxBodyBytes < 1 || maxBodyBytes == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBodyBytes: must be 1.." + (Integer.MAX_VALUE - 1) + ", got " + maxBodyBytes);
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits: is required");
    }
    apiToken = apiToken == null ? "" : apiToken;
  }

  /** With the default {@link ServingLimits}. */
  public NodeSettings(String bind, int port, String apiToken, int maxBodyBytes) {
    this(bind, port, apiToken, maxBodyBytes, ServingLimits.defaults());
  }

  /** Loopback, a free port, the default body limit, and the given token ("" for none): for tests. */
  public static NodeSettings loopback(String apiToken) {
    return new NodeSettings("127.0.0.1", 0, apiToken, DEFAULT_MAX_BODY_BYTES);
  }

  public NodeSettings withMaxBodyBytes(int value) {
    return new NodeSettings(bind, port, apiToken, value, limits);
  }

  public NodeSettings withLimits(ServingLimits value) {
    return new NodeSettings(bind, port, apiToken, maxBodyBytes, value);
  }

  public boolean authRequired() {
    return !apiToken.isEmpty();
  }

  @Override
  public String toString() { // never print the token
    return "NodeSettings[bind=" + bind + ", port=" + port + ", auth=" + (authRequired() ? "on" : "off")
        + ", maxBodyBytes=" + maxBodyBytes + ", " + limits + "]";
  }
}
