package dev.taskrunner.api.faults;

import dev.taskrunner.api.http.HttpLines;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A keep-alive HTTP/1.1 connection written by hand, for requests no real client would send (bad
 * bytes, lying headers). {@link #exchange} writes raw bytes and reads one answer; the connection is
 * opened again whenever the node closed it. Reads are bounded by a socket timeout.
 */
final class RawHttp implements AutoCloseable {
  /** One answer; {@code status} 0 when the node closed the connection without one. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final int port;
  private final int readTimeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  long connectionsOpened;

  RawHttp(int port, int readTimeoutMillis) {
    this.port = port;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /** Sends {@code request} as is and reads the answer; a write cut short (the node answered early) still reads it. */
  Answer exchange(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      out.write(request);
      out.flush();
    } catch (IOException e) {
      // the node may have answered (413, 431) and closed before taking the whole request
    }
    Answer answer;
    try {
      answer = read();
    } catch (IOException e) {
      close();
      throw e;
    }
    if (answer.status() == 0 || "close".equalsIgnoreCase(answer.header("Connection"))) {
      close();
    }
    return answer;
  }

  private void open() throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    connectionsOpened++;
  }

  private Answer read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      return new Answer(0, Map.of(), new byte[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked();
    } else {
      body = new byte[0];
    }
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String size = line(); size != null; size = line()) {
      int n = Integer.parseInt(size.trim(), 16);
      all.writeBytes(in.readNBytes(n));
      line();
      if (n == 0) {
        break;
      }
    }
    return all.toByteArray();
  }

  private String line() throws IOException {
    return HttpLines.read(in);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already gone
      }
      socket = null;
    }
  }
}
