package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.ops.FatalErrors;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 5xx answers are JSON too, and running out of memory ends the node instead of answering 500s. */
class ServerErrorsIT {
  private final List<Integer> exits = new CopyOnWriteArrayList<>();
  private final FakeTaskService service = new FakeTaskService();
  private final HttpNode node = HttpNode.start(service, NodeSettings.loopback(""), new FatalErrors(exits::add));
  private final NodeClient client = new NodeClient(node, service);

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void anUnsupportedHttpVersionIs505Json() throws IOException {
    try (RawConnection raw = new RawConnection(node.port(), 10_000)) {
      RawConnection.Answer answer = raw.send("GET / HTTP/9.9\r\nHost: x\r\n\r\n").readAnswer();

      assertEquals(505, answer.status(), answer.toString());
      assertEquals("application/json", answer.header("Content-Type"));
      assertTrue(answer.body().startsWith("{\"detail\":\"request line: HTTP Version Not Supported"), answer.body());
      assertTrue(answer.body().contains("HTTP/1.1"), answer.body());
    }
  }

  @Test
  void anErrorThrownByABugIs500JsonWithoutItsStackTraceAndTheNodeGoesOn() {
    service.failNext(new StackOverflowError("secret internals at Foo.java:42"));

    HttpResponse<String> response = client.get("/v1/tasks");

    assertEquals(500, response.statusCode());
    assertEquals("internal error", detail(response));
    assertFalse(response.body().contains("secret"), response.body());
    assertEquals(List.of(), exits);
    assertEquals(200, client.get("/v1/tasks").statusCode());
  }

  @Test
  void outOfMemoryWhileServingEndsTheNodeWithItsExitCode() {
    service.failNext(new OutOfMemoryError("Java heap space"));

    client.get("/v1/tasks"); // a real node halts here; this one only records the exit

    assertEquals(List.of(FatalErrors.EXIT_CODE), exits);
  }

  @Test
  void outOfMemoryWhileSubmittingAfterAnAsynchronousBodyReadEndsTheNodeToo() {
    service.failNext(new OutOfMemoryError("Java heap space"));

    client.postJson("/v1/tasks", "{\"machine\":\"echo\",\"parameters\":[]}");

    assertEquals(List.of(FatalErrors.EXIT_CODE), exits);
  }
}
