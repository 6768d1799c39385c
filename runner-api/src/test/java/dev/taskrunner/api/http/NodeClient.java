package dev.taskrunner.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskrunner.api.config.NodeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A node started in-process on 127.0.0.1, port 0, over a {@link FakeTaskService}, and a small
 * HTTP client for it. Close it after each test.
 */
final class NodeClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpNode node;
  final HttpClient http = HttpClient.newHttpClient();
  private final String token;

  final FakeTaskService service;

  NodeClient(NodeSettings settings, String clientToken) {
    this.service = new FakeTaskService();
    this.node = HttpNode.start(service, settings);
    this.token = clientToken;
  }

  /** A client of a node the test started itself, over {@code service}. */
  NodeClient(HttpNode node, FakeTaskService service) {
    this.service = service;
    this.node = node;
    this.token = null;
  }

  static NodeClient open() {
    return new NodeClient(NodeSettings.loopback(""), null);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.port() + path);
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE().build());
  }

  HttpResponse<String> postJson(String path, String body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** The {@code detail} of an error answer, after checking it is JSON. */
  static String detail(HttpResponse<String> response) {
    JsonNode body = json(response);
    if (!body.has("detail") || body.size() != 1) {
      throw new AssertionError("not an error body: " + response.body());
    }
    return body.get("detail").asText();
  }

  @Override
  public void close() {
    node.stop();
  }
}
