package dev.taskrunner.api.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One hostile connection that sends its request's start at once and then one byte at a time, for
 * as long as it is held; when the node closes it (a body deadline, say) it opens again, so the
 * load stays what the scenario says. Not thread-safe: one trickle thread drives all of them.
 */
final class Trickler implements AutoCloseable {
  private final int port;
  private final String start;
  private Socket socket;
  long reopened;

  Trickler(int port, String start) throws IOException {
    this.port = port;
    this.start = start;
    open();
  }

  /** One more byte; a connection the node has closed is opened again. */
  void trickle() {
    try {
      OutputStream out = socket.getOutputStream();
      out.write('a');
      out.flush();
      if (socket.getInputStream().available() > 0) {
        throw new IOException("answered: the node is done with this connection");
      }
    } catch (IOException e) {
      close();
      try {
        open();
        reopened++;
      } catch (IOException refused) {
        // counted by the next round's attempt
      }
    }
  }

  private void open() throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.getOutputStream().write(start.getBytes(ISO_8859_1));
    socket.getOutputStream().flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
