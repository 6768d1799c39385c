package dev.taskrunner.api.http;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at most {@code max} connections open without ever refusing a new one: when one more opens,
 * the oldest connection that is not serving an output follower is closed. Jetty's own
 * {@code ConnectionLimit} stops accepting instead, and then a client holding connections open (a
 * body or headers trickling in, or plain idle sockets) would keep {@code GET /health} waiting in
 * the kernel's backlog; here the newest connection always gets read, and the client that has held
 * its connection longest pays. Followers are spared because they are few ({@code maxFollowers} is
 * below {@code max}, so there is always another connection to close) and a closed stream costs its
 * reader a resume.
 */
final class ConnectionGuard implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private final int max;
  private final Object lock = new Object();
  /** Open connections, oldest first. Guarded by {@link #lock}. */
  private final Set<Connection> open = new LinkedHashSet<>();
  /** Open connections now serving a follower. Guarded by {@link #lock}. */
  private final Set<Connection> following = new HashSet<>();
  private final AtomicLong closed = new AtomicLong();

  ConnectionGuard(int max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    Connection oldest = null;
    synchronized (lock) {
      open.add(connection);
      if (open.size() > max) {
        for (Connection candidate : open) {
          if (candidate != connection && !following.contains(candidate)) {
            oldest = candidate;
            break;
          }
        }
        open.remove(oldest);
      }
    }
    if (oldest != null) {
      long count = closed.incrementAndGet();
      if (count == 1 || count % 1000 == 0) { // a flood would otherwise flood the log too
        LOG.warn("{} connections open, the limit (maxConnections): closed the oldest to make room ({} so far)",
            max, count);
      }
      oldest.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    synchronized (lock) {
      open.remove(connection);
      following.remove(connection);
    }
  }

  /** Marks {@code connection} as serving a follower until {@link #followed} says it is done. */
  void following(Connection connection) {
    if (connection != null) {
      synchronized (lock) {
        if (open.contains(connection)) {
          following.add(connection);
        }
      }
    }
  }

  void followed(Connection connection) {
    if (connection != null) {
      synchronized (lock) {
        following.remove(connection);
      }
    }
  }

  /** How many connections were closed to make room. */
  long closedToMakeRoom() {
    return closed.get();
  }
}
