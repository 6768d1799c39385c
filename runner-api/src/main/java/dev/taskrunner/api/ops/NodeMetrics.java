package dev.taskrunner.api.ops;

import dev.taskrunner.core.service.TaskEvents;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskState;
import dev.taskrunner.core.service.TaskView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The node's metrics, in Prometheus form at {@code GET /metrics}: tasks accepted, started and
 * finished (by outcome, {@code lost} included), tasks per state, launch latency (accepted → first
 * status write) and task duration as histograms, HTTP requests by route and status, and the JVM's
 * own. Fed by {@link TaskEvents} from the task service.
 */
public final class NodeMetrics implements TaskEvents {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accepted;
  private final Counter started;
  private final Timer launchLatency;
  private final Timer duration;

  public NodeMetrics() {
    accepted = Counter.builder("tasks.accepted").description("tasks accepted").register(registry);
    started = Counter.builder("tasks.started").description("tasks whose runner wrote its first status").register(registry);
    launchLatency = Timer.builder("tasks.launch.latency").description("from acceptance to the runner's first status write")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    duration = Timer.builder("tasks.duration").description("from the runner's start to the task's end")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofDays(1))
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Reports the number of tasks in each state, read from {@code service} at each scrape. */
  public NodeMetrics watch(TaskService service) {
    for (TaskState state : TaskState.values()) {
      Gauge.builder("tasks", service, s -> s.count(state)).description("tasks by state")
          .tag("state", state.json()).register(registry);
    }
    return this;
  }

  @Override
  public void accepted(TaskView task) {
    accepted.increment();
  }

  @Override
  public void started(TaskView task, Duration latency) {
    started.increment();
    if (!latency.isNegative()) {
      launchLatency.record(latency);
    }
  }

  @Override
  public void finished(TaskView task, Duration ran) {
    String outcome = task.state() == TaskState.LOST ? "lost" : task.outcome() == null ? "unknown" : task.outcome().json();
    Counter.builder("tasks.finished").description("tasks that became final, by outcome")
        .tag("outcome", outcome).register(registry).increment();
    if (ran != null && !ran.isNegative()) {
      duration.record(ran);
    }
  }

  /** Records one HTTP request; {@code route} is the matched path template. */
  public void request(String method, String route, int status, double millis) {
    Timer.builder("http.server.requests").description("HTTP requests served")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .register(registry).record(Duration.ofNanos((long) (millis * 1_000_000)));
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
