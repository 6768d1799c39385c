package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every failure is JSON {@code {"detail": ...}}: never HTML, never a stack trace. */
class ErrorsIT {
  private final NodeClient client = NodeClient.open();

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void anUnknownRouteIs404Json() {
    HttpResponse<String> response = client.get("/v2/nothing");

    assertEquals(404, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no route GET /v2/nothing", detail(response));
  }

  @Test
  void aWrongMethodIs405JsonWithTheAllowedOnes() {
    HttpResponse<String> response = client.send(client.request("/v1/tasks")
        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertEquals(405, response.statusCode());
    assertEquals("GET, POST", response.headers().firstValue("Allow").orElseThrow());
    assertTrue(detail(response).startsWith("method PUT is not allowed on /v1/tasks"), response.body());
  }

  @Test
  void aBugIs500InternalErrorWithoutItsStackTrace() {
    client.service.failNext(new IllegalStateException("secret internals at Foo.java:42"));

    HttpResponse<String> response = client.get("/v1/tasks");

    assertEquals(500, response.statusCode());
    assertEquals("internal error", detail(response));
    assertFalse(response.body().contains("secret"), response.body());
  }

  @Test
  void aBodyThatIsNotJsonIs400() {
    HttpResponse<String> response = client.postJson("/v1/tasks", "{not json");

    assertEquals(400, response.statusCode());
    assertEquals("not a JSON document", detail(response));
  }

  @Test
  void requestsJettyRejectsAreJsonToo() throws IOException {
    String badEscape = raw("GET /v1/tasks/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    String hugeHeader = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
        + "\r\nConnection: close\r\n\r\n");
    String garbage = raw("NOT HTTP AT ALL\r\n\r\n");

    for (String answer : new String[] {badEscape, hugeHeader, garbage}) {
      assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
      assertTrue(answer.contains("application/json"), answer);
      assertTrue(answer.contains("{\"detail\":"), answer);
      assertFalse(answer.contains("<"), answer);
    }
  }

  /** Sends bytes no well-behaved client would, and returns the whole answer. */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", client.node.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
