package dev.taskrunner.api.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} follows real tasks as they are accepted, run and finish. */
class MetricsIT {
  @TempDir Path workRoot;
  private RealNode node;

  @BeforeEach
  void start() {
    node = new RealNode(workRoot, c -> c);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** The value of the first sample whose name and labels start with {@code series}, 0 if absent. */
  private double sample(String series) throws Exception {
    String text = node.get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void countersGaugesAndHistogramsMoveAsTasksRunAndFinish() throws Exception {
    assertEquals(0, sample("tasks_accepted_total"));
    assertTrue(node.get("/metrics").body().contains("jvm_memory_used_bytes"), "JVM metrics are there");

    assertEquals(201, node.post("/v1/tasks", "{\"machine\":\"echo\",\"parameters\":[\"SLEEP 30\"],\"id\":\"slow\"}").statusCode());
    assertEquals(201, node.post("/v1/tasks", "{\"machine\":\"exec\",\"parameters\":{\"command\":[\"false\"]},\"id\":\"bad\"}").statusCode());
    node.awaitFinal("bad");

    await().atMost(Duration.ofSeconds(30)).until(() -> sample("tasks{state=\"running\"") == 1);
    assertEquals(2, sample("tasks_accepted_total"));
    assertEquals(1, sample("tasks_finished_total{outcome=\"failed\"}"));
    assertEquals(1, sample("tasks{state=\"exited\"}"));
    await().atMost(Duration.ofSeconds(30)).until(() -> sample("tasks_started_total") == 2);
    assertEquals(2, sample("tasks_launch_latency_seconds_count"));
    assertEquals(1, sample("tasks_duration_seconds_count"));

    node.post("/v1/tasks/slow/stop", "");
    node.awaitFinal("slow");
    assertEquals(1, sample("tasks_finished_total{outcome=\"canceled\"}"));
    assertEquals(0, sample("tasks{state=\"running\"}"));
    assertEquals(2, sample("tasks{state=\"exited\"}"));
    assertTrue(sample("http_server_requests_seconds_count{method=\"POST\",route=\"/v1/tasks\",status=\"201\"}") >= 2);
  }
}
