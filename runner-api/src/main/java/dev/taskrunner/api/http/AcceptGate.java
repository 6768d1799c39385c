package dev.taskrunner.api.http;

import org.eclipse.jetty.server.AbstractConnector;

/**
 * Whether the node's connector takes connections. Closed, the port is bound and the kernel queues
 * connections in its backlog, but none is accepted, so no request is read or answered: the node can
 * start its server (most of it class loading) while its work root is still being recovered, and
 * answer only once every task is in its state. Set before the connector exists; applied when it is made.
 */
final class AcceptGate {
  /** Guarded by this. */
  private boolean open = true;
  /** Guarded by this. */
  private AbstractConnector connector;

  synchronized void attach(AbstractConnector made) {
    connector = made;
    made.setAccepting(open);
  }

  synchronized void set(boolean accepting) {
    open = accepting;
    if (connector != null) {
      connector.setAccepting(accepting);
    }
  }
}
