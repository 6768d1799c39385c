package dev.taskrunner.api.events;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Reads an event stream on a thread of its own; tests wait for the frames they expect. */
public final class SseClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpResponse<InputStream> response;
  final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final Thread reader;
  volatile boolean ended;

  record Frame(String id, String event, JsonNode data) {}

  SseClient(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
    response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    if (response.statusCode() == 200) {
      reader.start();
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null, event = null, data = null, line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            frames.add(new Frame(id, event, JSON.readTree(data)));
          }
          id = event = data = null;
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
    } catch (IOException e) {
      // closed by the test
    } finally {
      ended = true;
    }
  }

  /** Waits (generously) for a frame matching {@code match}; returns the first. */
  Frame awaitFrame(Predicate<Frame> match) {
    await().atMost(Duration.ofSeconds(60)).until(() -> frames.stream().anyMatch(match));
    return frames.stream().filter(match).findFirst().orElseThrow();
  }

  static Predicate<Frame> of(String taskId, String event) {
    return f -> event.equals(f.event()) && taskId.equals(f.data().path("taskId").asText());
  }

  /** The {@code taskId} of a task view's JSON. */
  public static String id(String viewJson) throws IOException {
    return JSON.readTree(viewJson).get("taskId").asText();
  }

  String lastId() {
    String last = null;
    for (Frame f : frames) {
      if (f.id() != null) {
        last = f.id();
      }
    }
    return last;
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
