package dev.taskrunner.api.http;

import dev.taskrunner.core.service.OutputChunk;
import dev.taskrunner.core.service.TaskNotFoundException;
import dev.taskrunner.core.service.TaskService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/tasks/{id}/output}: the task's output from {@code offset}. Without {@code follow}
 * the answer is what exists now (at most {@link #MAX_PLAIN_BYTES}; {@code X-Next-Offset} says where
 * to resume). With {@code follow=true} the output streams, chunked, until the task is final.
 *
 * <p>A follower holds one server thread while it waits, so at most {@code maxFollowers} are served
 * at once (the server's thread pool is sized for them on top of everything else); one more gets
 * 503 with {@code Retry-After}. A follower ends when the task is final, when a write fails (the
 * client left), or when the node stops. A client that leaves while the task is silent is noticed at
 * the next write.
 */
final class OutputRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OutputRoutes.class);
  static final String TEXT = "text/plain; charset=utf-8";
  static final int CHUNK_BYTES = 64 * 1024;
  static final int MAX_PLAIN_BYTES = 8 * 1024 * 1024;
  static final long POLL_MILLIS = 100;
  /** What a refused follower is told to wait: a few of the others' polls, not a busy loop. */
  static final int RETRY_AFTER_SECONDS = 5;
  private final TaskService service;
  private final BooleanSupplier stopping;
  private final int maxFollowers;
  private final Semaphore followers;
  private final ConnectionGuard connections;

  OutputRoutes(TaskService service, BooleanSupplier stopping, int maxFollowers, ConnectionGuard connections) {
    this.service = service;
    this.stopping = stopping;
    this.maxFollowers = maxFollowers;
    this.followers = new Semaphore(maxFollowers);
    this.connections = connections;
  }

  void register(Javalin app) {
    app.get("/v1/tasks/{id}/output", this::output);
  }

  private void output(Context ctx) throws IOException {
    String id = QueryParams.taskId(ctx);
    long offset = QueryParams.outputOffset(ctx);
    boolean follow = QueryParams.flag(ctx, "follow");
    OutputChunk first = service.readOutput(id, offset, CHUNK_BYTES); // unknown id: 404 before anything is sent
    if (!follow) {
      plain(ctx, id, first);
    } else if (!followers.tryAcquire()) {
      throw HttpProblem.busy("follow: " + maxFollowers + " followers are served already (maxFollowers);"
          + " retry later, or read without follow", RETRY_AFTER_SECONDS);
    } else {
      Connection connection = connection(ctx);
      connections.following(connection);
      try {
        follow(ctx, id, first);
      } finally {
        connections.followed(connection);
        followers.release();
      }
    }
  }

  private static Connection connection(Context ctx) {
    Request request = Request.getBaseRequest(ctx.req());
    return request == null ? null : request.getHttpChannel().getConnection();
  }

  private void plain(Context ctx, String id, OutputChunk chunk) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(chunk.bytes().length);
    body.writeBytes(chunk.bytes());
    while (chunk.bytes().length > 0 && !chunk.complete() && body.size() < MAX_PLAIN_BYTES) {
      chunk = service.readOutput(id, chunk.nextOffset(), Math.min(CHUNK_BYTES, MAX_PLAIN_BYTES - body.size()));
      body.writeBytes(chunk.bytes());
    }
    ctx.header("X-Next-Offset", Long.toString(chunk.nextOffset()));
    ctx.status(200).contentType(TEXT).result(body.toByteArray());
  }

  /** Writes to the raw servlet stream, flushing each chunk, so the client sees output as it comes. */
  private void follow(Context ctx, String id, OutputChunk chunk) {
    ctx.status(200).contentType(TEXT);
    try {
      OutputStream out = ctx.res().getOutputStream();
      out.flush(); // commit the headers now: a follower should know at once that the task exists
      while (true) {
        if (chunk.bytes().length > 0) {
          out.write(chunk.bytes());
          out.flush();
        }
        if (chunk.complete() || stopping.getAsBoolean()) {
          return;
        }
        if (chunk.bytes().length == 0) {
          Thread.sleep(POLL_MILLIS);
        }
        chunk = service.readOutput(id, chunk.nextOffset(), CHUNK_BYTES);
      }
    } catch (IOException e) {
      LOG.debug("follower of {} left: {}", id, e.toString()); // the client closed the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
    } catch (TaskNotFoundException e) {
      LOG.debug("task {} was deleted while followed", id);
    } catch (RuntimeException e) {
      // e.g. the task was deleted meanwhile; the status line is gone, so just end the stream
      LOG.warn("output stream of {} ended early", id, e);
    }
  }
}
