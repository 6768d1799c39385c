package dev.taskrunner.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2: generated and mutated requests ({@link RequestFuzz}) over keep-alive raw
 * connections, while a normal client keeps asking {@code /health}. Every 4xx and 5xx must be
 * documented JSON ({@code application/json}, an object with a string {@code detail}); a 5xx is a
 * failure (but for the documented 505 to a request line in another HTTP version), and so is a
 * connection the node closes without an answer.
 */
final class FuzzScenario implements Scenario {
  private static final int CONNECTIONS = 4;
  private static final String TOKEN = "fuzz-token";
  private final String idPrefix;
  private final long seed;

  FuzzScenario(String idPrefix, long seed) {
    this.idPrefix = idPrefix + "fz-";
    this.seed = seed;
  }

  @Override
  public Figures run(Path scratch, Scale scale) throws Exception {
    Figures figures = new Figures("generated and mutated requests");
    Path work = Files.createDirectories(scratch.resolve("work"));
    Map<String, AtomicLong> byStatus = new TreeMap<>();
    Map<String, AtomicLong> byKind = new TreeMap<>();
    long start = System.nanoTime();
    try (Node node = Node.start(work, List.of(), Map.of("RUNNER_API_TOKEN", TOKEN), "--max-running-tasks", "2")
        .awaitListening()) {
      HealthWatch health = new HealthWatch(new Client(node.base()), false);
      health.start();
      List<Thread> workers = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        RequestFuzz fuzz = new RequestFuzz(seed + c, TOKEN, idPrefix);
        int share = scale.requests() / CONNECTIONS;
        Thread worker = new Thread(() -> send(node.port(), fuzz, share, figures, byStatus, byKind), "fuzz-" + c);
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
      health.finish(figures, "GET /health during the requests");
      if (!node.process.isAlive()) {
        figures.fail("the node died: %s", node.tail());
      }
    } finally {
      Kernel.killTasks(idPrefix, work);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    figures.load = CONNECTIONS + " keep-alive connections";
    figures.note("%,d requests in %.0f s (%.0f/s); answers by status: %s", figures.inputsTried, seconds,
        figures.inputsTried / seconds, byStatus);
    figures.note("requests by kind: %s", byKind);
    figures.note("505 to a request line in another HTTP version (documented; not counted as 5xx): %s; tasks the"
        + " valid definitions among them created: %s", byStatus.get("505"), byStatus.get("201"));
    return figures;
  }

  private static void send(int port, RequestFuzz fuzz, int count, Figures figures, Map<String, AtomicLong> byStatus,
      Map<String, AtomicLong> byKind) {
    try (RawHttp connection = new RawHttp(port, (int) Client.TIMEOUT.toMillis())) {
      for (int i = 0; i < count; i++) {
        RequestFuzz.Request request = fuzz.next();
        RawHttp.Answer answer;
        try {
          answer = connection.exchange(request.bytes());
        } catch (IOException e) {
          synchronized (figures) {
            figures.inputsTried++;
            figures.fail("%s: no answer: %s", request.kind(), e);
          }
          continue;
        }
        synchronized (figures) {
          figures.inputsTried++;
          byStatus.computeIfAbsent(answer.status() / 100 + "xx", k -> new AtomicLong()).incrementAndGet();
          byStatus.computeIfAbsent(Integer.toString(answer.status()), k -> new AtomicLong()).incrementAndGet();
          byKind.computeIfAbsent(request.kind(), k -> new AtomicLong()).incrementAndGet();
          check(request, answer, figures);
        }
      }
    }
  }

  private static void check(RequestFuzz.Request request, RawHttp.Answer answer, Figures figures) {
    int status = answer.status();
    if (status == 0) {
      figures.fail("%s: closed without an answer", request.kind());
      return;
    }
    if (status == 505 && request.kind().equals(RequestFuzz.MALFORMED_REQUEST_LINE)) {
      // documented in the README: a request line whose version is not HTTP/1.0 or 1.1 (Jetty reads "GET  HTTP/1.1"
      // and "GET /x HTTP/1.1 extra" that way too); the client's error, answered with JSON, so not a failure
    } else if (status >= 500) {
      figures.serverErrors++;
      if (figures.notes.size() < 20) {
        figures.note("%s: %d %s", request.kind(), status, answer.text());
      }
    }
    if (status >= 400 && !documented(answer)) {
      figures.fail("%s: %d not documented JSON: %s %s", request.kind(), status, answer.headers(),
          answer.text().substring(0, Math.min(200, answer.text().length())));
    }
  }

  private static boolean documented(RawHttp.Answer answer) {
    String type = answer.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return false;
    }
    try {
      JsonNode body = Client.JSON.readTree(answer.body());
      return body != null && body.isObject() && body.path("detail").isTextual();
    } catch (IOException e) {
      return false;
    }
  }
}
