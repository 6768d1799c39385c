package dev.taskrunner.api.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.config.ServingLimits;
import dev.taskrunner.core.service.TaskState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Past {@code maxConnections} the node closes its oldest connections instead of refusing new ones. */
class ConnectionLimitIT {
  private static final int MAX_CONNECTIONS = 20;
  private static final int MAX_FOLLOWERS = 5;
  private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  private final NodeClient client = new NodeClient(NodeSettings.loopback("").withLimits(
      new ServingLimits(MAX_CONNECTIONS, Duration.ofMinutes(1), Duration.ofMinutes(1), MAX_FOLLOWERS)), null);
  private final List<RawConnection> opened = new ArrayList<>();

  @AfterEach
  void stop() {
    opened.forEach(RawConnection::close);
    client.close();
  }

  @Test
  void aNewConnectionIsServedAtTheLimitAndTheOldestIdleOneIsClosedForIt() throws IOException {
    // GIVEN a follower (the oldest connection), then a kept-alive connection that was answered once,
    String quiet = client.service.add("quiet", TaskState.RUNNING);
    RawConnection follower = open().send("GET /v1/tasks/" + quiet + "/output?follow=true HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals(200, follower.readAnswer().status());
    RawConnection oldest = open().send(HEALTH);
    assertEquals(200, oldest.readAnswer().status());
    // and as many silent connections again as the limit allows in all
    List<RawConnection> silent = new ArrayList<>();
    for (int i = 0; i < 2 * MAX_CONNECTIONS; i++) {
      silent.add(open(50));
    }

    // WHEN one more connection asks for /health; THEN it is answered
    RawConnection.Answer health = open().send(HEALTH).readAnswer();
    assertEquals(200, health.status(), health.toString());

    // AND the oldest connection that was not following went to make room, the follower stayed
    await().atMost(Duration.ofSeconds(30)).until(oldest::closedByNode);
    // (a short read timeout per look; a closed connection stays closed, so looking again converges)
    List<RawConnection> stillOpen = new ArrayList<>(silent);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      stillOpen.removeIf(ConnectionLimitIT::closed);
      return silent.size() - stillOpen.size() >= MAX_CONNECTIONS;
    });
    client.service.appendOutput(quiet, "still here\n");
    client.service.finish(quiet, 0);
    assertEquals("still here\n", follower.readChunkedToEnd());
  }

  private RawConnection open() throws IOException {
    return open(10_000);
  }

  private RawConnection open(int readTimeoutMillis) throws IOException {
    RawConnection connection = new RawConnection(client.node.port(), readTimeoutMillis);
    opened.add(connection);
    return connection;
  }

  private static boolean closed(RawConnection connection) {
    try {
      return connection.closedByNode();
    } catch (IOException e) {
      return true;
    }
  }
}
