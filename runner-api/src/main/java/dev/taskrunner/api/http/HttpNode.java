package dev.taskrunner.api.http;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.ops.FatalErrors;
import dev.taskrunner.api.ops.NodeMetrics;
import dev.taskrunner.api.ui.OperatorParts;
import dev.taskrunner.core.service.TaskService;
import io.javalin.Javalin;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP node: Javalin over a {@link TaskService}, routes per the v1 contract, errors mapped by
 * {@link ErrorMapper}, connections, bodies and followers bounded by the settings' {@link
 * dev.taskrunner.api.config.ServingLimits} ({@link BoundedServer}). Start it with {@link #start};
 * it listens once that returns.
 *
 * <p>The node does not own the service: {@link #stop()} closes the port and ends streams, and the
 * caller closes the service afterwards (tasks keep running either way).
 */
public final class HttpNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpNode.class);
  private final Javalin app;
  private final NodeSettings settings;
  private final AtomicBoolean stopping;
  private final AcceptGate gate;

  private HttpNode(Javalin app, NodeSettings settings, AtomicBoolean stopping, AcceptGate gate) {
    this.app = app;
    this.settings = settings;
    this.stopping = stopping;
    this.gate = gate;
  }

  /**
   * Builds the app and starts listening on {@code settings.bind():settings.port()}.
   *
   * @throws io.javalin.util.JavalinBindException the port is taken or not allowed
   */
  public static HttpNode start(TaskService service, NodeSettings settings) {
    return start(service, settings, new NodeMetrics().watch(service));
  }

  /** The same, serving and feeding {@code metrics} (the service's task events should go to it too). */
  public static HttpNode start(TaskService service, NodeSettings settings, NodeMetrics metrics) {
    return prepare(service, settings, metrics).listen();
  }

  static HttpNode start(TaskService service, NodeSettings settings, FatalErrors fatal) {
    return prepare(service, settings, new NodeMetrics().watch(service), fatal).listen();
  }

  /**
   * The node with its routes in place, not yet listening ({@link #listen} opens the port): it can
   * be made while the service recovers (most of its cost is loading classes), and asks nothing of
   * the service until it listens.
   */
  public static HttpNode prepare(TaskService service, NodeSettings settings, NodeMetrics metrics) {
    return prepare(service, settings, metrics, OperatorParts.inMemory());
  }

  /** The same, with the operator's page and event stream standing on {@code operator}. */
  public static HttpNode prepare(TaskService service, NodeSettings settings, NodeMetrics metrics, OperatorParts operator) {
    return prepare(service, settings, metrics, operator, FatalErrors.halting());
  }

  /** The same, with {@code fatal} deciding what an OutOfMemoryError does (tests record it instead). */
  static HttpNode prepare(TaskService service, NodeSettings settings, NodeMetrics metrics, FatalErrors fatal) {
    return prepare(service, settings, metrics, OperatorParts.inMemory(), fatal);
  }

  static HttpNode prepare(TaskService service, NodeSettings settings, NodeMetrics metrics, OperatorParts operator,
      FatalErrors fatal) {
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicReference<BoundedServer.Parts> server = new AtomicReference<>();
    Javalin app = create(service, settings, stopping, metrics, operator, fatal, server);
    return new HttpNode(app, settings, stopping, server.get().gate());
  }

  /** Opens the port of a {@link #prepare}d node and answers on it ({@link #bind}, then {@link #accept}); returns it. */
  public HttpNode listen() {
    return bind().accept();
  }

  /**
   * Starts the server of a {@link #prepare}d node with its port bound but nothing accepted yet:
   * connections wait in the kernel's backlog, unread and unanswered, until {@link #accept}. So the
   * server's start (most of it class loading) can overlap work that must be done before the first
   * answer. Returns this node.
   *
   * @throws io.javalin.util.JavalinBindException the port is taken or not allowed
   */
  public HttpNode bind() {
    gate.set(false);
    try {
      app.start(); // on the connector BoundedServer made for settings.bind():settings.port()
    } catch (RuntimeException e) {
      app.stop(); // release the thread pool of a server that never opened
      throw e;
    }
    return this;
  }

  /** Takes the connections waiting on a {@link #bind}-bound port, and every one after; returns this node. */
  public HttpNode accept() {
    gate.set(true);
    return this;
  }

  static Javalin create(TaskService service, NodeSettings settings, AtomicBoolean stopping, NodeMetrics metrics) {
    return create(service, settings, stopping, metrics, OperatorParts.inMemory(), FatalErrors.halting());
  }

  static Javalin create(TaskService service, NodeSettings settings, AtomicBoolean stopping, NodeMetrics metrics,
      FatalErrors fatal) {
    return create(service, settings, stopping, metrics, OperatorParts.inMemory(), fatal);
  }

  static Javalin create(TaskService service, NodeSettings settings, AtomicBoolean stopping, NodeMetrics metrics,
      OperatorParts operator, FatalErrors fatal) {
    return create(service, settings, stopping, metrics, operator, fatal, new AtomicReference<>());
  }

  /** The app; {@code server} receives the parts of the server it is configured with. */
  private static Javalin create(TaskService service, NodeSettings settings, AtomicBoolean stopping, NodeMetrics metrics,
      OperatorParts operator, FatalErrors fatal, AtomicReference<BoundedServer.Parts> server) {
    ErrorMapper errors = new ErrorMapper(fatal);
    Javalin app = Javalin.create(config -> {
      server.set(BoundedServer.configure(config, settings));
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.prefer405over404 = true;
      config.http.disableCompression(); // predictable bodies; output streams flush as they go
      config.requestLogger.http((ctx, ms) -> {
        metrics.request(ctx.method().name(), MetricsRoutes.route(ctx), ctx.statusCode(), ms);
        LOG.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
      });
      errors.installFallbacks(config);
    });
    if (settings.authRequired()) {
      BearerAuth auth = new BearerAuth(settings.apiToken());
      app.before(auth::check);
    }
    DiscoveryRoutes.register(app, service);
    MetricsRoutes.register(app, metrics);
    ScheduledExecutorService timers = bodyDeadlines();
    app.events(events -> events.serverStopped(timers::shutdownNow));
    RequestBodies bodies = new RequestBodies(settings.maxBodyBytes(), settings.limits().bodyTimeout(), timers,
        server.get().pool());
    new TaskRoutes(service, bodies).register(app);
    new OutputRoutes(service, stopping::get, settings.limits().maxFollowers(), server.get().guard()).register(app);
    operator.register(app, service, stopping::get);
    errors.install(app);
    return app;
  }

  /** One daemon thread that only fires deadlines (a body's expiry is answered on a server thread). */
  private static ScheduledExecutorService bodyDeadlines() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "http-body-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true); // most bodies arrive in time: their timers go at once
    return timers;
  }

  /** The port listened on: the one chosen when the settings asked for 0. */
  public int port() {
    return app.port();
  }

  /** The address listened on, as configured. */
  public String host() {
    return settings.bind();
  }

  /** {@code http://HOST:PORT}, with IPv6 literals in brackets. */
  public String url() {
    String host = host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
    return "http://" + host + ":" + port();
  }

  /** Ends open output streams, then stops listening. Idempotent. */
  public void stop() {
    if (stopping.compareAndSet(false, true)) {
      app.stop();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
