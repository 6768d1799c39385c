package dev.taskrunner.cli;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.json.JsonSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The node's HTTP API (v1) as the CLI uses it, over the JDK's HTTP client. Every failure is a
 * {@link CliException}: {@link NodeRefusedException} for an error answer,
 * {@link NodeUnreachableException} when there is no (complete) answer.
 */
final class NodeClient implements OutputPrinter.Node {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Longer than the node's own waits (a stop answers within about 5 s). */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private final String server;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  /** @param server base URL without a trailing slash; @param token null or blank for none */
  NodeClient(String server, String token) {
    this.server = server;
    this.token = token == null || token.isBlank() ? null : token;
  }

  String server() {
    return server;
  }

  @Override
  public String toString() {
    return server;
  }

  /** Receives output bytes as they arrive. */
  interface Sink {
    /** The node answered 2xx: it is reachable, the bytes follow. */
    default void opened() {}

    void accept(byte[] bytes, int length);
  }

  Object submit(byte[] definition) {
    return json(request("/v1/tasks").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(definition)));
  }

  /** One page of {@code GET /v1/tasks}; {@code state} may be null. */
  Object list(String state, int offset, int limit) {
    String query = "?offset=" + offset + "&limit=" + limit + (state == null ? "" : "&state=" + encode(state));
    return json(request("/v1/tasks" + query).GET());
  }

  byte[] task(String id) {
    return send(request("/v1/tasks/" + encode(id)).GET());
  }

  @Override
  public RemoteTask view(String id) {
    return RemoteTask.of(parse(task(id)));
  }

  Object stop(String id) {
    return json(request("/v1/tasks/" + encode(id) + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
  }

  void delete(String id) {
    send(request("/v1/tasks/" + encode(id)).DELETE());
  }

  /**
   * Copies the task's output from {@code offset} into {@code sink} as it arrives; with {@code follow}
   * the node keeps the answer open until the task has ended. Returns normally when the answer is
   * complete; a connection that breaks midway is a {@link NodeUnreachableException}, after the
   * bytes received so far went to the sink.
   */
  @Override
  public void output(String id, long offset, boolean follow, Sink sink) {
    String path = "/v1/tasks/" + encode(id) + "/output?offset=" + offset + (follow ? "&follow=true" : "");
    // The request timeout covers the wait for the answer's head only, not a long silent stream.
    HttpRequest.Builder request = request(path).setHeader("Accept", "text/plain").GET();
    HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 400) {
        throw NodeRefusedException.of(response.statusCode(), in.readAllBytes());
      }
      sink.opened();
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (n > 0) {
          sink.accept(buffer, n);
        }
      }
    } catch (IOException e) {
      throw NodeUnreachableException.of(server, e);
    }
  }

  /**
   * Reads {@code GET /v1/events} (after {@code lastEventId}, null for only new events) into
   * {@code sink} until the stream ends; {@code opened} runs once the node has answered 2xx. A
   * connection that breaks is a {@link NodeUnreachableException}; an error answer a
   * {@link NodeRefusedException}.
   */
  void events(String lastEventId, Runnable opened, SseFrames.Sink sink) {
    HttpRequest.Builder request = request("/v1/events").setHeader("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 400) {
        throw NodeRefusedException.of(response.statusCode(), in.readAllBytes());
      }
      opened.run();
      SseFrames.read(in, sink);
    } catch (IOException e) {
      throw NodeUnreachableException.of(server, e);
    }
  }

  static Object parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (JsonSyntaxException e) {
      throw new CliException("the node answered something that is not JSON: " + e.getMessage(), CliException.FAILED);
    }
  }

  private Object json(HttpRequest.Builder request) {
    return parse(send(request));
  }

  private byte[] send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() >= 400) {
      throw NodeRefusedException.of(response.statusCode(), response.body());
    }
    return response.body();
  }

  private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.build(), handler);
    } catch (IOException e) {
      throw NodeUnreachableException.of(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** Percent-encodes all but RFC 3986's unreserved characters (ids are checked before; this is a safety net). */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || "-_~".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
