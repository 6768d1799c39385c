package dev.taskrunner.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw TCP connection to the node, for what well-behaved clients never do: a body sent a byte
 * at a time, a request line no client would send, a connection held open and silent. Reads are
 * bounded by a socket timeout, so a test never hangs on a node that does not answer.
 */
final class RawConnection implements AutoCloseable {
  /** A response head and body; {@code status} 0 when the connection closed before a status line. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;

  RawConnection(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
  }

  /** Reads from now on give up after {@code millis} of silence. */
  RawConnection readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
    return this;
  }

  RawConnection send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads a status line and headers, and a body of {@code Content-Length} bytes if there is one. */
  Answer readAnswer() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      return new Answer(0, Map.of(), "");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String body = "";
    if (headers.containsKey("content-length")) {
      body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
    }
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
  }

  /** The rest of a chunked body, chunk headers and all, up to the connection's or the stream's end. */
  String readChunkedToEnd() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) {
        return all.toString(StandardCharsets.UTF_8);
      }
      int n = Integer.parseInt(size.trim(), 16);
      all.writeBytes(in.readNBytes(n));
      line(); // the CRLF after the chunk
      if (n == 0) {
        return all.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /** True when the node has closed this connection (end of stream or reset) within the read timeout. */
  boolean closedByNode() throws IOException {
    try {
      while (in.read() >= 0) {
        // drain whatever was still on its way
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private String line() throws IOException {
    return HttpLines.read(in);
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
