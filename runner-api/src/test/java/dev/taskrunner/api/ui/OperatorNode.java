package dev.taskrunner.api.ui;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.http.HttpNode;
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

/**
 * A real node in-process as the daemon wires it (real task service and runner JVMs, the event
 * journal in {@code WORK_ROOT/.events}, metrics, the operator's page) on 127.0.0.1, port 0, with
 * an optional token. {@link #restart} stops it the way a daemon stops (tasks keep running) and
 * starts a new one on the same work root. {@link #close} also kills every runner still alive.
 */
public final class OperatorNode implements AutoCloseable {
  public final Path workRoot;
  public final String token;
  public final HttpClient http = HttpClient.newHttpClient();
  public TaskService service;
  public HttpNode node;
  public OperatorParts operator;

  public OperatorNode(Path workRoot, String token) {
    this.workRoot = workRoot;
    this.token = token;
    start();
  }

  private void start() {
    NodeConfig config = NodeConfig.defaults(workRoot).toBuilder()
        .timing(Duration.ofMillis(200), 5, Duration.ofSeconds(2), Duration.ofMillis(100))
        .maxRunningTasks(4).warmRunners(1)
        .build();
    NodeMetrics metrics = new NodeMetrics();
    operator = OperatorParts.forNode(config);
    service = TaskServices.forHost(config, operator.listeners(metrics));
    metrics.watch(service);
    service.start();
    operator.events().reconcile(service);
    node = HttpNode.prepare(service, NodeSettings.loopback(token), metrics, operator).listen();
  }

  /** Stops as a daemon stops (the port, then the service, then the journal); runners keep running. */
  public void stop() {
    node.stop();
    service.close();
    operator.close();
  }

  public void restart() {
    stop();
    restartAfterStop();
  }

  /** Starts a new node on the work root after {@link #stop}. */
  public void restartAfterStop() {
    start();
  }

  public String url() {
    return node.url();
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
    return token.isEmpty() ? builder : builder.header("Authorization", "Bearer " + token);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    killRunners();
    stop();
    killRunners(); // any a launch started meanwhile: a queued task whose turn came when a killed one ended
  }

  private void killRunners() {
    for (TaskView v : service.list(null, 0, Integer.MAX_VALUE)) {
      if (v.pid() != null && !v.state().isFinal()) {
        ProcessHandle.of(v.pid()).ifPresent(p -> {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        });
      }
    }
  }
}
