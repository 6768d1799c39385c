package nodebench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import static nodebench.Bench.*;
import static nodebench.Main.*;
import static nodebench.NodePhases.*;
import static nodebench.Pollers.*;
import static nodebench.RestartPhase.*;
import static nodebench.Steps.*;
import static nodebench.Cleanup.*;
import static nodebench.Table.*;
import static nodebench.Http.*;
import static nodebench.Util.*;

/**
 * HTTP/1.1 POSTs over one keep-alive socket, written and read by hand: the lightest client there
 * is, so POST -> running measures the node and its runner rather than the client.
 */
final class RawClient implements AutoCloseable {
  private final Node node;
  private final java.net.Socket socket;
  private final java.io.InputStream in;

  RawClient(Node node) throws IOException {
    this.node = node;
    URI base = URI.create(node.base);
    this.socket = new java.net.Socket(base.getHost(), base.getPort());
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
    this.in = new java.io.BufferedInputStream(socket.getInputStream());
  }

  /** The body of a 201 answer; anything else throws. */
  String post(String path, String json) throws IOException {
    return post(path, json, 201);
  }

  /** The body of the answer, which must have {@code expected} status; anything else throws. */
  String post(String path, String json, int expected) throws IOException {
    Answer answer = exchange(path, json);
    if (answer.status() != expected) {
      throw new IllegalStateException("POST " + path + ": " + answer.status() + " " + answer.body());
    }
    return answer.body();
  }

  /** A status code and a body. */
  record Answer(int status, String body) {}

  /** POSTs {@code json} to {@code path}; the answer, whatever its status. */
  Answer exchange(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + URI.create(node.base).getAuthority()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
    java.io.OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = line();
    long length = -1;
    for (String h = line(); !h.isEmpty(); h = line()) {
      if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(h.substring(15).trim());
      }
    }
    if (length < 0 || !status.startsWith("HTTP/1.1 ")) {
      throw new IllegalStateException("no Content-Length in the answer to POST " + path + " (" + status + ")");
    }
    return new Answer(Integer.parseInt(status.substring(9, 12)), new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the node closed the connection");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

