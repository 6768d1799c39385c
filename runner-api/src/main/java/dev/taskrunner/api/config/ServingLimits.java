package dev.taskrunner.api.config;

import java.time.Duration;

/**
 * The bounds that keep the HTTP node answering under hostile or careless clients: every connection
 * has an idle timeout, every request body a deadline, output followers a count, and open
 * connections a ceiling past which the oldest idle-or-slow one is closed to make room (so a new
 * request, {@code GET /health} included, is always read). Validated here, then immutable.
 *
 * @param maxConnections open connections at most; past it the oldest one that is not following
 *     output is closed for each new one
 * @param idleTimeout a connection that sends nothing for this long (between requests, mid-headers,
 *     mid-body) is closed
 * @param bodyTimeout a request body must arrive whole within this, counted from the end of its
 *     headers; else 408 and the connection is closed
 * @param maxFollowers {@code ?follow=true} streams served at once; more get 503 with {@code Retry-After}
 */
public record ServingLimits(int maxConnections, Duration idleTimeout, Duration bodyTimeout, int maxFollowers) {
  /** Well above what operators and their scripts open, far below the file descriptors a node has. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  /** Jetty's own default: long enough for a slow client's next request on a kept-alive connection. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  /** A whole 1 MiB definition still arrives over a link of about 300 kbit/s. */
  public static final long DEFAULT_BODY_TIMEOUT_MS = 30_000;
  /** Each follower holds a server thread while it waits; 100 is many terminals and dashboards. */
  public static final int DEFAULT_MAX_FOLLOWERS = 100;

  public ServingLimits {
    if (maxConnections < 2) {
      throw new IllegalArgumentException("maxConnections: must be at least 2, got " + maxConnections);
    }
    requirePositive("idleTimeoutMs", idleTimeout);
    requirePositive("bodyTimeoutMs", bodyTimeout);
    if (maxFollowers < 0 || maxFollowers >= maxConnections) {
      throw new IllegalArgumentException("maxFollowers: must be 0.." + (maxConnections - 1)
          + " (below maxConnections, so other requests always have room), got " + maxFollowers);
    }
  }

  public static ServingLimits defaults() {
    return new ServingLimits(DEFAULT_MAX_CONNECTIONS, Duration.ofMillis(DEFAULT_IDLE_TIMEOUT_MS),
        Duration.ofMillis(DEFAULT_BODY_TIMEOUT_MS), DEFAULT_MAX_FOLLOWERS);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": must be at least 1 ms, got " + value);
    }
  }
}
