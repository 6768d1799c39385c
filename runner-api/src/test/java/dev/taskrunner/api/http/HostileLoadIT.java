package dev.taskrunner.api.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.api.config.NodeSettings;
import dev.taskrunner.api.config.ServingLimits;
import dev.taskrunner.core.service.TaskState;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node keeps answering while hostile clients hold hundreds of connections: bodies sent a byte a
 * second and followers of a quiet task. Everything goes to 127.0.0.1 and ends with the test.
 */
class HostileLoadIT {
  private static final int SLOW_BODIES = 300;
  private static final int FOLLOWERS = 300;
  private static final int MAX_FOLLOWERS = ServingLimits.DEFAULT_MAX_FOLLOWERS;
  /** Generous for a loaded 2-core box; an idle node answers in milliseconds. */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);
  private static final String SLOW_POST = "POST /v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      + "Content-Length: 100000\r\n\r\n{";

  private final List<RawConnection> opened = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private NodeClient client;

  @AfterEach
  void stop() {
    trickle.shutdownNow();
    opened.forEach(RawConnection::close);
    if (client != null) {
      client.close();
    }
  }

  @Test
  void healthAndOrdinaryRequestsAnswerWhileSlowBodiesAndFollowersHoldConnections() throws Exception {
    // GIVEN a node whose body deadline outlasts the test, a quiet running task,
    client = new NodeClient(NodeSettings.loopback("").withLimits(new ServingLimits(ServingLimits.DEFAULT_MAX_CONNECTIONS,
        Duration.ofMinutes(2), Duration.ofMinutes(2), MAX_FOLLOWERS)), null);
    String quiet = client.service.add("quiet", TaskState.RUNNING);
    // 300 bodies that go on arriving a byte a second,
    List<RawConnection> slow = new ArrayList<>();
    for (int i = 0; i < SLOW_BODIES; i++) {
      slow.add(open(10_000).send(SLOW_POST));
    }
    trickle.scheduleAtFixedRate(() -> slow.forEach(HostileLoadIT::sendOneByte), 1, 1, TimeUnit.SECONDS);
    // and 300 followers of the quiet task: the first maxFollowers stream, the others are told to retry
    List<RawConnection> streaming = new ArrayList<>();
    List<RawConnection> followers = new ArrayList<>();
    for (int i = 0; i < FOLLOWERS; i++) {
      followers.add(open(30_000).send("GET /v1/tasks/" + quiet + "/output?follow=true HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    int refused = 0;
    for (RawConnection follower : followers) {
      RawConnection.Answer answer = follower.readAnswer();
      if (answer.status() == 200) {
        streaming.add(follower);
      } else {
        assertEquals(503, answer.status(), answer.toString());
        assertEquals(Integer.toString(OutputRoutes.RETRY_AFTER_SECONDS), answer.header("Retry-After"));
        assertEquals("application/json", answer.header("Content-Type"));
        assertTrue(answer.body().startsWith("{\"detail\":\"follow: " + MAX_FOLLOWERS + " followers are served already"),
            answer.body());
        refused++;
      }
    }
    assertEquals(MAX_FOLLOWERS, streaming.size());
    assertEquals(FOLLOWERS - MAX_FOLLOWERS, refused);

    // WHEN ordinary clients ask; THEN each is answered, well within the bound
    Duration health = timed("GET /health", () -> client.get("/health"), 200);
    Duration metrics = timed("GET /metrics", () -> client.get("/metrics"), 200);
    Duration post = timed("POST /v1/tasks", () -> client.postJson("/v1/tasks",
        "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]}"), 201);
    Duration get = timed("GET /v1/tasks/{id}", () -> client.get("/v1/tasks/" + quiet), 200);
    for (Duration took : List.of(health, metrics, post, get)) {
      assertTrue(took.compareTo(ANSWER_BOUND) < 0, took + " is over " + ANSWER_BOUND);
    }

    // AND the follow streams still end when the task ends, and a new one resumes at ?offset=
    client.service.appendOutput(quiet, "hello\n");
    client.service.finish(quiet, 0);
    for (RawConnection follower : streaming) {
      assertEquals("hello\n", follower.readChunkedToEnd());
    }
    RawConnection resumed = open(30_000).send("GET /v1/tasks/" + quiet + "/output?follow=true&offset=3 HTTP/1.1\r\n"
        + "Host: x\r\n\r\n");
    assertEquals(200, resumed.readAnswer().status());
    assertEquals("lo\n", resumed.readChunkedToEnd());
  }

  @Test
  void aBodyStillTricklingInAtItsDeadlineIs408JsonAndItsConnectionIsClosed() throws Exception {
    Duration deadline = Duration.ofSeconds(2);
    client = new NodeClient(NodeSettings.loopback("").withLimits(new ServingLimits(ServingLimits.DEFAULT_MAX_CONNECTIONS,
        Duration.ofMinutes(1), deadline, MAX_FOLLOWERS)), null);
    RawConnection slow = open(60_000).send(SLOW_POST);
    trickle.scheduleAtFixedRate(() -> sendOneByte(slow), 200, 200, TimeUnit.MILLISECONDS);

    long start = System.nanoTime();
    RawConnection.Answer answer = slow.readAnswer();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("a body trickling in was answered " + answer.status() + " after " + took.toMillis() + " ms");

    assertEquals(408, answer.status(), answer.toString());
    assertEquals("application/json", answer.header("Content-Type"));
    assertEquals("{\"detail\":\"request body: not received whole within 2000 ms (bodyTimeoutMs)\"}", answer.body());
    assertEquals("close", answer.header("Connection"));
    assertTrue(took.compareTo(deadline.minusMillis(100)) >= 0, "answered before its deadline: " + took);
    await().atMost(Duration.ofSeconds(30)).until(slow::closedByNode);
    assertEquals(null, client.service.lastSubmitted);
    assertEquals(200, client.get("/health").statusCode());
  }

  private RawConnection open(int readTimeoutMillis) throws IOException {
    RawConnection connection = new RawConnection(client.node.port(), readTimeoutMillis);
    opened.add(connection);
    return connection;
  }

  private static void sendOneByte(RawConnection connection) {
    try {
      connection.send(" ");
    } catch (IOException e) {
      // cut off by the node: what some of these tests wait for
    }
  }

  private static Duration timed(String what, Callable<HttpResponse<String>> call, int expectedStatus) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = call.call();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("under " + SLOW_BODIES + " slow bodies and " + FOLLOWERS + " followers: " + what + " -> "
        + response.statusCode() + " in " + took.toMillis() + " ms");
    assertEquals(expectedStatus, response.statusCode(), what + ": " + response.body());
    return took;
  }
}
