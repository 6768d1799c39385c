package dev.taskrunner.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prints a task's output, byte for byte, as the node serves it. {@link #follow} survives a node
 * that restarts: when the connection breaks or the node cannot be reached, it retries with a
 * bounded backoff and resumes at the byte offset it has already printed, so nothing is printed
 * twice. It gives up after {@link #PATIENCE} without reaching the node. A node that cannot be
 * reached before it has ever answered is a mistake (a wrong URL, a node not started), not a
 * restart: that fails at once.
 */
final class OutputPrinter {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Duration FIRST_RETRY = Duration.ofMillis(100);
  static final Duration MAX_RETRY = Duration.ofSeconds(2);
  /** Exit code when whoever reads our stdout has gone (as a shell reports SIGPIPE). */
  static final int STDOUT_CLOSED = 141;

  /** What the printer needs from the node; {@link NodeClient} is one. */
  interface Node {
    void output(String id, long offset, boolean follow, NodeClient.Sink sink);

    RemoteTask view(String id);
  }

  /** Waits between retries; tests replace it to move a fake clock instead. */
  interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Node node;
  private final PrintStream out;
  private final Clock clock;
  private final Pause pause;
  private long offset; // bytes printed so far: where the next request resumes
  private Instant unreachableSince; // null while the node answers
  private boolean reached; // the node has answered once: from now on, its absence is waited out

  OutputPrinter(Node node, PrintStream out, Clock clock, Pause pause) {
    this.node = node;
    this.out = out;
    this.clock = clock;
    this.pause = pause;
  }

  static OutputPrinter toStdout(Node node) {
    return new OutputPrinter(node, System.out, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
  }

  /** Tells the printer the node has answered already (e.g. to a submit), so that it is waited for from the start. */
  OutputPrinter nodeReached() {
    reached = true;
    return this;
  }

  /** Prints the output that exists now, from where this printer is (the start, for a new one). */
  void printAvailable(String id) {
    long before;
    do {
      before = offset;
      node.output(id, offset, false, this::print);
    } while (offset > before); // an answer holds a bounded amount; ask again until nothing is new
  }

  /** Prints the output as it comes until the task has ended and all of it was printed; returns the final view. */
  RemoteTask follow(String id) {
    Duration wait = FIRST_RETRY;
    while (true) {
      long before = offset;
      try {
        node.output(id, offset, true, sinkThatNotesContact());
        RemoteTask task = node.view(id);
        if (task.isFinal()) {
          printAvailable(id); // a stream a stopping node cut short misses the tail of a task that ended meanwhile
          return task;
        }
        // The node ended the stream while the task goes on (it is shutting down): resume below.
      } catch (NodeUnreachableException e) {
        giveUpAfterPatience(e, id);
      } catch (NodeRefusedException e) {
        if (e.status() != 503) {
          throw e;
        }
        giveUpAfterPatience(new NodeUnreachableException(node.toString(), e.getMessage()), id);
      }
      wait = offset > before ? FIRST_RETRY : wait;
      sleep(wait);
      wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
    }
  }

  private NodeClient.Sink sinkThatNotesContact() {
    return new NodeClient.Sink() {
      @Override
      public void opened() {
        reached = true;
        unreachableSince = null;
      }

      @Override
      public void accept(byte[] bytes, int length) {
        print(bytes, length);
      }
    };
  }

  private void giveUpAfterPatience(NodeUnreachableException e, String id) {
    if (!reached) {
      throw e;
    }
    Instant now = clock.instant();
    if (unreachableSince == null) {
      unreachableSince = now;
    } else if (Duration.between(unreachableSince, now).compareTo(PATIENCE) >= 0) {
      throw e.with("gave up following task " + id + " after " + PATIENCE.toSeconds() + " s; "
          + offset + " bytes of its output were printed");
    }
  }

  private void print(byte[] bytes, int length) {
    out.write(bytes, 0, length);
    out.flush();
    if (out.checkError()) {
      throw new CliException("", STDOUT_CLOSED);
    }
    offset += length;
  }

  private void sleep(Duration duration) {
    try {
      pause.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", 130);
    }
  }
}
