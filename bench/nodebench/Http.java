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
import static nodebench.Util.*;

/** HTTP requests and the flat JSON of the node's answers. */
@SuppressWarnings("unused")
final class Http {
  private Http() {}

  // ---------------------------------------------------------------- HTTP and JSON

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpRequest get(Node node, String path) {
    return HttpRequest.newBuilder(URI.create(node.base + path)).timeout(HTTP_TIMEOUT).GET().build();
  }

  static HttpRequest post(Node node, String path, String json) {
    return HttpRequest.newBuilder(URI.create(node.base + path)).timeout(HTTP_TIMEOUT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + ": expected " + status + ", got "
          + r.statusCode() + " " + abbreviate(r.body()));
    }
  }

  static String body(HttpResponse<String> r, int status) {
    expect(r, status);
    return r.body();
  }

  /** A top-level field of a flat JSON object: the string's text (escapes kept), the literal, or null for null. */
  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|null|true|false|-?[0-9][0-9.eE+-]*)")
        .matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no field " + name + " in " + abbreviate(json));
    }
    if (m.group(2) != null) {
      return m.group(2);
    }
    return m.group(1).equals("null") ? null : m.group(1);
  }

  static String required(String json, String name) {
    String value = field(json, name);
    if (value == null) {
      throw new IllegalStateException(name + " is null in " + abbreviate(json));
    }
    return value;
  }

  static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

}
