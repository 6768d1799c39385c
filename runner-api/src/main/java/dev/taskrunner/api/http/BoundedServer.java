package dev.taskrunner.api.http;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.config.ServingLimits;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty set up within the node's {@link ServingLimits}: one connector on {@code bind:port} whose
 * connections close after {@code idleTimeout} of silence and number at most {@code maxConnections}
 * ({@link ConnectionGuard}), and a thread pool with a thread for every follower on top of the
 * threads that serve everything else, so followers can never take the threads {@code /health} needs.
 * Request bodies hold no thread while they arrive ({@link RequestBodies}).
 */
final class BoundedServer {
  /**
   * Threads for everything but followers: short requests, Jetty's acceptor and selectors. The
   * number Javalin gives its whole pool by default; a node's other requests take milliseconds each.
   */
  static final int SERVING_THREADS = 250;
  static final int MIN_THREADS = 8;
  static final int THREAD_IDLE_MILLIS = 60_000;

  private BoundedServer() {}

  /**
   * What the routes need of the server: the guard that knows the connections, and the thread pool;
   * and the gate that says whether the connector accepts.
   */
  record Parts(ConnectionGuard guard, QueuedThreadPool pool, AcceptGate gate) {}

  static Parts configure(JavalinConfig config, NodeSettings settings) {
    ServingLimits limits = settings.limits();
    QueuedThreadPool pool = new QueuedThreadPool(limits.maxFollowers() + SERVING_THREADS, MIN_THREADS, THREAD_IDLE_MILLIS);
    pool.setName("http");
    config.jetty.threadPool = pool;
    ConnectionGuard guard = new ConnectionGuard(limits.maxConnections());
    AcceptGate gate = new AcceptGate();
    config.jetty.addConnector((server, http) -> {
      // One acceptor thread, said outright: the gate works through acceptors (with none, Jetty
      // accepts on its selectors whatever setAccepting said before the start).
      ServerConnector connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
      connector.setHost(settings.bind());
      connector.setPort(settings.port());
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      connector.addEventListener(guard);
      gate.attach(connector);
      return connector;
    });
    return new Parts(guard, pool, gate);
  }
}
