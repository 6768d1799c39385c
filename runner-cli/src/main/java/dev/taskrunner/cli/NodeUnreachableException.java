package dev.taskrunner.cli;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * The node could not be reached, or the connection broke before the answer was complete. Says why
 * in words ({@code cannot reach the node at http://127.0.0.1:8000: connection refused}).
 */
final class NodeUnreachableException extends CliException {
  private final String server;
  private final String reason;

  NodeUnreachableException(String server, String reason) {
    super("cannot reach the node at " + server + ": " + reason, FAILED);
    this.server = server;
    this.reason = reason;
  }

  static NodeUnreachableException of(String server, Throwable failure) {
    return new NodeUnreachableException(server, reason(failure));
  }

  /** The same failure, with what the caller was doing when it gave up. */
  NodeUnreachableException with(String context) {
    return new NodeUnreachableException(server, reason + " (" + context + ")");
  }

  /** The words for a connection failure; the JDK often wraps the telling exception in a bare one. */
  static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      } else if (t instanceof HttpTimeoutException) {
        return "no answer in time";
      } else if (t instanceof ConnectException && !(t.getCause() instanceof ConnectException)) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "connection refused" : m.toLowerCase(Locale.ROOT);
      } else if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      } else if (t instanceof NoRouteToHostException) {
        return "no route to host";
      } else if (t instanceof EOFException) {
        return "the connection was closed";
      }
    }
    String m = failure.getMessage();
    return m == null || m.isBlank() ? "the connection failed (" + failure.getClass().getSimpleName() + ")"
        : "the connection failed: " + m;
  }
}
