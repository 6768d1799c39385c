package dev.taskrunner.api.http;

import java.io.IOException;
import java.io.InputStream;

/** Reads one HTTP/1.1 line (CR LF or LF ended) byte by byte, for tests that speak HTTP on raw sockets. */
public final class HttpLines {
  private HttpLines() {}

  /** The line without its end; null at the end of the stream. */
  public static String read(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return line.toString();
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.length() == 0 ? null : line.toString();
  }
}
