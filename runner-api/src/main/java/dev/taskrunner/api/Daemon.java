package dev.taskrunner.api;

import dev.taskrunner.api.config.ConfigException;
import dev.taskrunner.api.config.DaemonConfig;
import dev.taskrunner.api.events.DeferredEvents;
import dev.taskrunner.api.http.FirstRequests;
import dev.taskrunner.api.http.HttpNode;
import dev.taskrunner.api.ops.FatalErrors;
import dev.taskrunner.api.ops.IdleMemory;
import dev.taskrunner.api.ops.NodeMetrics;
import dev.taskrunner.api.ops.StopSignals;
import dev.taskrunner.api.ui.OperatorParts;
import dev.taskrunner.core.service.TaskService;
import dev.taskrunner.core.service.TaskServices;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: reads its configuration, re-adopts every task under the work root (its port bound
 * meanwhile, answering nothing), then answers on the port and logs
 * {@code listening on http://HOST:PORT}. SIGTERM or SIGINT closes the port and the service; the
 * tasks keep running and the next daemon adopts them.
 *
 * <p>Exit codes: 0 after {@code --help}; 2 for a bad configuration (one line on stderr saying which
 * setting and why); 1 when the node cannot start (port taken, work root unusable); 3 ({@link
 * FatalErrors#EXIT_CODE}) after an OutOfMemoryError, logged first.
 */
public final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  static final int EXIT_CONFIG = 2;
  static final int EXIT_START = 1;

  private Daemon() {}

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(DaemonConfig.usage());
      return;
    }
    DaemonConfig config;
    try {
      config = DaemonConfig.load(arguments, System.getenv());
      config.nodeConfig(); // the service's own checks, while a bad value is still a configuration error
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("runner-api: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    try {
      run(config);
    } catch (RuntimeException | Error e) { // an Error of recovery's, rethrown here, is a failed start too
      LOG.error("cannot start the node: {}", e.getMessage(), e);
      System.exit(EXIT_START);
    }
  }

  /**
   * Starts the service and, meanwhile, the HTTP node; returns once it answers (the server threads
   * keep the JVM up).
   */
  static void run(DaemonConfig config) {
    LOG.info("starting: {}", config);
    StopSignals.warnIfIgnored();
    FatalErrors fatal = FatalErrors.halting();
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
      fatal.check(failure, "in thread " + thread.getName()); // request handling checks its own
      LOG.error("uncaught in thread {}", thread.getName(), failure);
    });
    // The service recovers on a thread of its own from here on, while the metrics, the event feed
    // and the HTTP server are made (mostly class loading): what it tells meanwhile waits for them.
    DeferredEvents events = new DeferredEvents();
    TaskService service = DaemonConfig.SLURM.equals(config.environment())
        ? TaskServices.forSlurm(config.nodeConfig(), config.slurm(), events)
        : TaskServices.forHost(config.nodeConfig(), events);
    // Before recovery begins: a stop at any moment from here on closes what was made.
    AtomicReference<HttpNode> node = new AtomicReference<>();
    AtomicReference<OperatorParts> parts = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(node.get(), service, parts.get()), "runner-api-shutdown"));
    CompletableFuture<Void> recovered = CompletableFuture.runAsync(service::start,
        task -> new Thread(task, "recovery").start());
    NodeMetrics metrics = new NodeMetrics();
    // The event journal is read once the port is open: a stream waits for it, the start does not.
    CompletableFuture<Void> listening = new CompletableFuture<>();
    OperatorParts operator = OperatorParts.forNode(config.nodeConfig(), listening);
    parts.set(operator);
    events.attach(operator.listeners(metrics));
    metrics.watch(service);
    // The HTTP server is made and started (most of it class loading) while the service recovers,
    // its port bound but accepting nothing until recovery is done: no request sees a half-adopted
    // work root, and a client that connects meanwhile waits in the kernel's backlog.
    CompletableFuture<HttpNode> http = CompletableFuture.supplyAsync(
        () -> HttpNode.prepare(service, config.nodeSettings(), metrics, operator).bind(),
        task -> new Thread(task, "http-prepare").start());
    try {
      join(recovered);
      operator.events().reconcile(service); // what changed while no node watched, before any client resumes
    } catch (RuntimeException | Error e) {
      http.thenAccept(HttpNode::stop); // the port closes unanswered
      throw e;
    }
    HttpNode bound = join(http);
    node.set(bound.accept());
    LOG.info("listening on {}", node.get().url());
    listening.complete(null);
    FirstRequests.warmInBackground(IdleMemory::afterStart);
  }

  /** What {@code future} gives, or throws what it failed with. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static void shutdown(HttpNode node, TaskService service, OperatorParts operator) {
    LOG.info("shutting down; tasks keep running");
    try {
      if (node != null) {
        node.stop();
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping the HTTP node failed", e);
    }
    try {
      service.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the task service failed", e);
    }
    try {
      if (operator != null) {
        operator.close(); // after the service: its last task events are journaled
      }
    } catch (RuntimeException e) {
      LOG.warn("closing the event journal failed", e);
    }
    LOG.info("stopped");
  }
}
