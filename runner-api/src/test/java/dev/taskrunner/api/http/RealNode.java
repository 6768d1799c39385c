package dev.taskrunner.api.http;

import static org.awaitility.Awaitility.await;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.ops.NodeMetrics;
import dev.taskrunner.core.service.NodeConfig;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskServices;
import dev.taskrunner.core.service.TaskView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The real task service (runner JVMs and all) behind an in-process HTTP node on 127.0.0.1, with
 * metrics wired as the daemon wires them. Kills every runner it saw on close.
 */
final class RealNode implements AutoCloseable {
  final NodeMetrics metrics = new NodeMetrics();
  final TaskService service;
  final HttpNode node;
  final HttpClient http = HttpClient.newHttpClient();

  RealNode(Path workRoot, UnaryOperator<NodeConfig> tune) {
    NodeConfig config = tune.apply(NodeConfig.defaults(workRoot).toBuilder()
        .timing(Duration.ofMillis(200), 3, Duration.ofSeconds(2), Duration.ofMillis(100))
        .build());
    service = TaskServices.forHost(config, metrics);
    metrics.watch(service);
    service.start();
    node = HttpNode.start(service, NodeSettings.loopback(""), metrics);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  TaskView awaitFinal(String id) {
    await().atMost(Duration.ofSeconds(30)).until(() -> service.get(id).state().isFinal());
    return service.get(id);
  }

  @Override
  public void close() {
    node.stop();
    for (TaskView v : service.list(null, 0, Integer.MAX_VALUE)) {
      if (v.pid() != null && !v.state().isFinal()) {
        ProcessHandle.of(v.pid()).ifPresent(p -> {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        });
      }
    }
    service.close();
  }
}
