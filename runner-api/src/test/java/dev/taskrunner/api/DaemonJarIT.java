package dev.taskrunner.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged daemon, {@code java -jar runner-api.jar}, over the real task service. */
class DaemonJarIT {
  private static final Path JAR = Path.of(System.getProperty("runner.api.jar", "target/runner-api.jar"));
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)$");
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> started = new ArrayList<>();
  @TempDir
  Path workRoot;

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aBadConfigurationIsOneLineOnStderrAndExitCode2() throws Exception {
    Process daemon = launch(List.of("--port", "x"), null);

    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, daemon.exitValue());
    assertEquals("runner-api: --port: must be 0..65535, got x\n", new String(daemon.getErrorStream().readAllBytes(), UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndExits0() throws Exception {
    Process daemon = launch(List.of("--help"), null);
    String out = new String(daemon.getInputStream().readAllBytes(), UTF_8);

    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, daemon.exitValue());
    assertTrue(out.contains("--work-root") && out.contains("RUNNER_API_TOKEN"), out);
  }

  @Test
  void theDaemonListensOnAFreePortRunsATaskAndStopsOnSigterm() throws Exception {
    // GIVEN a daemon on a free port with a token
    Process daemon = launch(List.of("--port", "0", "--work-root", workRoot.toString()), "tok");
    List<String> lines = collect(daemon);
    await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> LISTENING.matcher(l).find()));
    String base = "http://127.0.0.1:" + port(lines);

    // THEN health is open, tasks need the token, and an echo task runs to the end
    assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode());
    assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/v1/tasks"))).statusCode());
    HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(base + "/v1/tasks"))
        .header("Authorization", "Bearer tok").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"machine\":\"echo\",\"id\":\"hello\",\"parameters\":[\"ECHO hello\"]}")));
    assertEquals(201, submitted.statusCode(), submitted.body());
    HttpResponse<String> output = send(HttpRequest.newBuilder(URI.create(base + "/v1/tasks/hello/output?follow=true"))
        .header("Authorization", "Bearer tok"));
    assertEquals("hello\n", output.body());
    assertTrue(Files.isDirectory(workRoot.resolve("hello")));

    // WHEN it gets SIGTERM, THEN it shuts down cleanly
    daemon.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
    assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "daemon exits after SIGTERM");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("Daemon - stopped")), "exit " + daemon.exitValue() + ": " + lines));
  }

  private Process launch(List<String> args, String token) throws IOException {
    assertTrue(Files.isRegularFile(JAR), "build the jar first (mvn package): " + JAR);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workRoot.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("RUNNER_"));
    if (token != null) {
      builder.environment().put("RUNNER_API_TOKEN", token);
    }
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static List<String> collect(Process process) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "daemon-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static int port(List<String> lines) {
    for (String line : lines) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no listening line in " + lines);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
