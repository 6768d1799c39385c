package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.api.config.NodeSettings;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 413 and 415 on {@code POST /v1/tasks}, with a body limit of 1 KiB. */
class RequestLimitsIT {
  private static final int LIMIT = 1024;
  private final NodeClient client = new NodeClient(NodeSettings.loopback("").withMaxBodyBytes(LIMIT), null);

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIs413BeforeItIsRead() {
    HttpResponse<String> response = client.postJson("/v1/tasks", definitionOfSize(LIMIT + 1));

    assertEquals(413, response.statusCode());
    assertEquals("request body: larger than the limit of 1024 bytes", detail(response));
    assertNull(client.service.lastSubmitted);
  }

  @Test
  void aChunkedBodyLargerThanTheLimitIs413() {
    byte[] body = definitionOfSize(4 * LIMIT).getBytes();

    HttpResponse<String> response = client.send(client.request("/v1/tasks")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))) // no length: chunked
        .build());

    assertEquals(413, response.statusCode());
    assertNull(client.service.lastSubmitted);
  }

  @Test
  void bodiesUpToTheLimitPassChunkedOrNot() {
    String exact = definitionOfSize(LIMIT);

    HttpResponse<String> plain = client.postJson("/v1/tasks", exact);
    HttpResponse<String> chunked = client.send(client.request("/v1/tasks")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(exact.getBytes()))).build());

    assertEquals(201, plain.statusCode());
    assertEquals(200, chunked.statusCode()); // the same definition again: an idempotent repeat
  }

  @Test
  void aBodyThatIsNotDeclaredJsonIs415() {
    HttpResponse<String> text = client.send(client.request("/v1/tasks").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    HttpResponse<String> none = client.send(client.request("/v1/tasks")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertEquals(415, text.statusCode());
    assertEquals("Content-Type: expected application/json, got text/plain", detail(text));
    assertEquals(415, none.statusCode());
    assertTrue(detail(none).endsWith("got none"), none.body());
  }

  @Test
  void jsonWithACharsetParameterIsAccepted() {
    HttpResponse<String> response = client.send(client.request("/v1/tasks")
        .header("Content-Type", "Application/JSON; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"machine\":\"echo\",\"parameters\":[]}")).build());

    assertEquals(201, response.statusCode());
  }

  /** A valid definition padded to exactly {@code size} bytes. */
  private static String definitionOfSize(int size) {
    String head = "{\"machine\":\"echo\",\"id\":\"big\",\"name\":\"";
    String tail = "\",\"parameters\":[]}";
    return head + "x".repeat(size - head.length() - tail.length()) + tail;
  }
}
