package dev.taskrunner.api.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.config.ServingLimits;
import dev.taskrunner.core.service.TaskState;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection that sends nothing for {@code idleTimeoutMs} is closed; a follower of a quiet task is not. */
class IdleTimeoutIT {
  private static final Duration IDLE = Duration.ofSeconds(1);
  private final NodeClient client = new NodeClient(NodeSettings.loopback("").withLimits(new ServingLimits(
      ServingLimits.DEFAULT_MAX_CONNECTIONS, IDLE, Duration.ofMinutes(1), ServingLimits.DEFAULT_MAX_FOLLOWERS)), null);

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void silentConnectionsAreClosedWhetherNewKeptAliveOrStalledMidHeaders() throws IOException {
    try (RawConnection fresh = new RawConnection(client.node.port(), 1_000);
        RawConnection keptAlive = new RawConnection(client.node.port(), 1_000);
        RawConnection midHeaders = new RawConnection(client.node.port(), 1_000)) {
      assertEquals(200, keptAlive.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").readAnswer().status());
      midHeaders.send("GET /health HTTP/1.1\r\nHo");

      await().atMost(Duration.ofSeconds(30)).until(fresh::closedByNode);
      await().atMost(Duration.ofSeconds(30)).until(keptAlive::closedByNode);
      await().atMost(Duration.ofSeconds(30)).until(midHeaders::closedByNode);
    }
  }

  @Test
  void aFollowerOfAQuietTaskOutlivesTheIdleTimeout() throws IOException {
    String quiet = client.service.add("quiet", TaskState.RUNNING);
    try (RawConnection follower = new RawConnection(client.node.port(), 30_000)) {
      assertEquals(200, follower.send("GET /v1/tasks/" + quiet + "/output?follow=true HTTP/1.1\r\nHost: x\r\n\r\n")
          .readAnswer().status());
      // the node is the silent one here; wait (by condition) until well past the idle timeout
      long past = System.nanoTime() + 3 * IDLE.toNanos();
      await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() > past);

      client.service.appendOutput(quiet, "late\n");
      client.service.finish(quiet, 0);
      assertEquals("late\n", follower.readChunkedToEnd());
    }
  }
}
