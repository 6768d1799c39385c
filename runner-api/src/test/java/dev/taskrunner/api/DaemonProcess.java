package dev.taskrunner.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One daemon, {@code java -jar runner-api.jar}, running as its own OS process, and a small HTTP
 * client for it on 127.0.0.1. Every task view it returns passes through {@code sawView}, so the
 * fixture that started it learns the runner pids it has to clean up. Started by {@link DaemonFixture}.
 */
final class DaemonProcess {
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)$");
  private static final ObjectMapper JSON = new ObjectMapper();
  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Consumer<JsonNode> sawView;
  private volatile String base;

  DaemonProcess(Process process, Consumer<JsonNode> sawView) {
    this.process = process;
    this.sawView = sawView;
    Thread reader = new Thread(this::readOutput, "daemon-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for the {@code listening on} line, which the daemon prints once it has re-adopted every task. */
  DaemonProcess awaitListening() {
    await("daemon " + process.pid() + " listening").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (base == null && !process.isAlive()) {
        throw new AssertionError("the daemon exited with " + process.exitValue() + " before listening: " + lines);
      }
      return base != null;
    });
    return this;
  }

  long pid() {
    return process.pid();
  }

  HttpResponse<String> submit(String definition) throws IOException {
    return send(request("/v1/tasks").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(definition)));
  }

  HttpResponse<String> stop(String id) throws IOException {
    return send(request("/v1/tasks/" + id + "/stop").POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The task's full view ({@code GET /v1/tasks/{id}}); fails on anything but 200. */
  JsonNode view(String id) {
    try {
      HttpResponse<String> response = send(request("/v1/tasks/" + id).GET());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET /v1/tasks/" + id + ": " + response.statusCode() + " " + response.body());
      }
      JsonNode view = JSON.readTree(response.body());
      sawView.accept(view);
      return view;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every task's view ({@code GET /v1/tasks}), each passed to the fixture too. */
  JsonNode list() throws IOException {
    JsonNode all = JSON.readTree(send(request("/v1/tasks?limit=1000").GET()).body());
    all.forEach(sawView);
    return all;
  }

  /** Polls the task's view until {@code condition} holds; returns that view. */
  JsonNode awaitView(String id, Predicate<JsonNode> condition) {
    JsonNode[] last = new JsonNode[1];
    await("task " + id + " on daemon " + pid()).atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> condition.test(last[0] = view(id)));
    return last[0];
  }

  JsonNode awaitState(String id, String state) {
    return awaitView(id, v -> state.equals(v.path("state").asText()));
  }

  /** {@code kill -9}; returns the exit code once the process is gone. */
  int kill9() throws InterruptedException {
    process.toHandle().destroyForcibly(); // SIGKILL, and unlike Process.destroyForcibly keeps our end of stdout
    return awaitExit();
  }

  /** Sends a signal by name ({@code TERM}, {@code INT}) to the daemon's pid only, not its group. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -s " + name + " " + pid() + " failed");
    }
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("daemon " + pid() + " still running: " + lines);
    }
    return process.exitValue();
  }

  private HttpRequest.Builder request(String path) {
    if (base == null) {
      throw new IllegalStateException("daemon " + pid() + " is not listening (yet): " + lines);
    }
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
        Matcher m = LISTENING.matcher(line);
        if (base == null && m.find()) {
          base = m.group(1);
        }
      }
    } catch (IOException e) {
      // the daemon is gone
    }
  }
}
