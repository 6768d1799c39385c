package dev.taskrunner.api.http;

import static dev.taskrunner.api.http.NodeClient.detail;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskrunner.core.service.TaskState;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputIT {
  private final NodeClient client = NodeClient.open();

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void plainOutputIsWhatExistsFromTheOffsetWithWhereToResume() {
    String id = client.service.add("talker", TaskState.RUNNING);
    client.service.appendOutput(id, "hello wörld\n");

    HttpResponse<String> all = client.get("/v1/tasks/" + id + "/output");
    HttpResponse<String> rest = client.get("/v1/tasks/" + id + "/output?offset=6");

    assertEquals(200, all.statusCode());
    assertEquals("text/plain;charset=utf-8", all.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
    assertEquals("hello wörld\n", all.body());
    assertEquals("13", all.headers().firstValue("X-Next-Offset").orElseThrow());
    assertEquals("wörld\n", rest.body());
    assertEquals("13", rest.headers().firstValue("X-Next-Offset").orElseThrow());
  }

  @Test
  void badOffsetsFollowValuesAndUnknownTasksAreJsonErrors() {
    String id = client.service.add("talker", TaskState.RUNNING);

    HttpResponse<String> negative = client.get("/v1/tasks/" + id + "/output?offset=-1");
    HttpResponse<String> word = client.get("/v1/tasks/" + id + "/output?offset=ten");
    HttpResponse<String> follow = client.get("/v1/tasks/" + id + "/output?follow=maybe");
    HttpResponse<String> unknown = client.get("/v1/tasks/nope/output?follow=true");

    assertEquals(400, negative.statusCode());
    assertTrue(detail(negative).startsWith("offset: "), negative.body());
    assertEquals(400, word.statusCode());
    assertTrue(detail(word).startsWith("offset: "), word.body());
    assertEquals(400, follow.statusCode());
    assertTrue(detail(follow).startsWith("follow: "), follow.body());
    assertEquals(404, unknown.statusCode());
    assertEquals("task nope: no such task", detail(unknown));
  }

  @Test
  void followStreamsChunksAsTheyComeAndEndsWhenTheTaskIsFinal() throws Exception {
    // GIVEN a running task that has written one line
    String id = client.service.add("talker", TaskState.RUNNING);
    client.service.appendOutput(id, "one\n");

    // WHEN a client follows its output
    HttpResponse<InputStream> response = client.stream("/v1/tasks/" + id + "/output?follow=true&offset=0");
    StreamReader reader = new StreamReader(response.body());

    // THEN each line arrives while the task still runs, and the stream ends with the task
    assertEquals(200, response.statusCode());
    assertFalse(response.headers().firstValue("Content-Length").isPresent(), "streamed, not sized");
    await().atMost(Duration.ofSeconds(5)).until(() -> reader.text().equals("one\n"));
    client.service.appendOutput(id, "two\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> reader.text().equals("one\ntwo\n"));
    assertFalse(reader.ended());
    client.service.appendOutput(id, "three\n");
    client.service.finish(id, 0);
    await().atMost(Duration.ofSeconds(5)).until(reader::ended);
    assertEquals("one\ntwo\nthree\n", reader.text());
  }

  @Test
  void followingAFinishedTaskFromAnOffsetReturnsTheRestAndEnds() throws Exception {
    String id = client.service.add("done", TaskState.RUNNING);
    client.service.appendOutput(id, "abcdef");
    client.service.finish(id, 1);

    HttpResponse<InputStream> response = client.stream("/v1/tasks/" + id + "/output?follow=true&offset=2");

    assertEquals("cdef", new String(response.body().readAllBytes(), UTF_8));
  }

  @Test
  void aFollowerThatLeavesStopsBeingServed() throws Exception {
    String id = client.service.add("talker", TaskState.RUNNING);
    client.service.appendOutput(id, "first\n");
    HttpResponse<InputStream> response = client.stream("/v1/tasks/" + id + "/output?follow=true");
    StreamReader reader = new StreamReader(response.body());
    await().atMost(Duration.ofSeconds(5)).until(() -> reader.text().equals("first\n"));

    reader.close(); // the client goes away

    // the server notices at its next writes, and stops polling the service
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      client.service.appendOutput(id, "more\n");
      long before = client.service.readOutputCalls.get();
      Thread.sleep(400);
      return client.service.readOutputCalls.get() == before;
    });
  }

  @Test
  void stoppingTheNodeEndsOpenFollowers() throws Exception {
    String id = client.service.add("silent", TaskState.RUNNING);
    HttpResponse<InputStream> response = client.stream("/v1/tasks/" + id + "/output?follow=true");
    StreamReader reader = new StreamReader(response.body());

    client.node.stop();

    await().atMost(Duration.ofSeconds(5)).until(reader::ended);
  }

  /** Reads a response body on its own thread, so a test can watch it grow. */
  private static final class StreamReader {
    private final StringBuffer text = new StringBuffer();
    private final InputStream in;
    private final Thread thread;
    private volatile boolean ended;

    StreamReader(InputStream in) {
      this.in = in;
      this.thread = new Thread(this::run, "stream-reader");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      byte[] buffer = new byte[1024];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          text.append(new String(buffer, 0, n, UTF_8));
        }
      } catch (IOException e) {
        // closed by the test or by the server
      } finally {
        ended = true;
      }
    }

    String text() {
      return text.toString();
    }

    boolean ended() {
      return ended;
    }

    void close() throws IOException {
      in.close();
    }
  }
}
