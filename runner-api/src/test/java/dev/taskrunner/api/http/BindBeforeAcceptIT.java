package dev.taskrunner.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.ops.NodeMetrics;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node started with {@link HttpNode#bind} holds its port but answers nothing until
 * {@link HttpNode#accept}: the daemon starts its server while it recovers, and no request may see a
 * half-recovered work root. A client that connects meanwhile is answered once the node accepts.
 */
class BindBeforeAcceptIT {
  private final FakeTaskService service = new FakeTaskService();
  private final HttpNode node = HttpNode.prepare(service, NodeSettings.loopback(""), new NodeMetrics().watch(service));

  @AfterEach
  void stop() {
    node.stop();
  }

  @Test
  void aRequestToABoundNodeWaitsUnansweredUntilItAccepts() throws IOException {
    node.bind();
    try (RawConnection raw = new RawConnection(node.port(), 1_000)) {
      raw.send("GET /v1/tasks HTTP/1.1\r\nHost: x\r\n\r\n");

      // Silence, not a refusal or an error: the connection waits in the kernel's backlog.
      assertThrows(SocketTimeoutException.class, raw::readAnswer);

      node.accept();
      RawConnection.Answer answer = raw.readTimeout(30_000).readAnswer();
      assertEquals(200, answer.status(), answer.toString());
    }
  }

  @Test
  void listenAnswersAtOnce() throws IOException {
    node.listen();
    try (RawConnection raw = new RawConnection(node.port(), 30_000)) {
      assertEquals(200, raw.send("GET /v1/tasks HTTP/1.1\r\nHost: x\r\n\r\n").readAnswer().status());
    }
  }
}
