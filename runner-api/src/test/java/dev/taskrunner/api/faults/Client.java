package dev.taskrunner.api.faults;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A well-behaved client of one node (the JDK's HttpClient on 127.0.0.1), for the requests a
 * scenario makes on purpose. Every call is bounded by {@link #TIMEOUT}; a failure is an
 * {@link IOException}, which a scenario counts rather than lets through.
 */
final class Client implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Generous: a loaded 2-core box under a scenario's load still answers well within it. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  Client(String base) {
    this.base = base;
  }

  /** An answer: status and body. */
  record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  Answer get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET());
  }

  Answer post(String path, String json) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The task's view, or null when the node answers anything but 200. */
  JsonNode view(String id) throws IOException {
    Answer answer = get("/v1/tasks/" + id);
    return answer.status() == 200 ? answer.json() : null;
  }

  private Answer send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    // HttpClient.close() is JDK 21+; on 17 its threads end when it is unreachable
  }
}
