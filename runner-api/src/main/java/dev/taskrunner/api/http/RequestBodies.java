package dev.taskrunner.api.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads JSON request bodies within a size limit and a deadline, without a server thread waiting
 * on them: a client that sends its body a byte a second holds a connection, never a thread, and
 * gets 408 at the deadline. The size limit is enforced before anything is buffered: by {@code
 * Content-Length} when the client sends one, else as the bytes of a chunked body arrive.
 */
final class RequestBodies {
  private final int limit;
  private final Duration deadline;
  private final ScheduledExecutorService timers;
  private final Executor workers;

  /**
   * @param timers fires deadlines, nothing else
   * @param workers answers an expired body: writing the 408 may wait on a slow client, and the
   *     timer thread must not
   */
  RequestBodies(int limit, Duration deadline, ScheduledExecutorService timers, Executor workers) {
    this.limit = limit;
    this.deadline = deadline;
    this.timers = timers;
    this.workers = workers;
  }

  /**
   * Reads the body, then hands it to {@code then} on the thread that read its end (the response
   * is written after {@code then} returns; what it throws is mapped like any handler's failure).
   *
   * @throws HttpProblem 415 when the content type is not {@code application/json} (parameters such as
   *     {@code charset} allowed), 413 when the declared length is over the limit; later, through the
   *     mapper: 413 past the limit, 408 past the deadline, 400 for a broken body
   */
  void readJson(Context ctx, Consumer<byte[]> then) {
    requireJson(ctx.header("Content-Type"));
    if (ctx.req().getContentLengthLong() > limit) {
      throw HttpProblem.payloadTooLarge(limit);
    }
    ctx.future(() -> {
      ServletInputStream in;
      try {
        in = ctx.req().getInputStream();
      } catch (IOException e) {
        throw HttpProblem.badRequest("request body: cannot be read (" + e + ")");
      }
      BodyReader reader = new BodyReader(in, limit, deadline);
      ScheduledFuture<?> timer = timers.schedule(() -> workers.execute(reader::expire), deadline.toMillis(),
          TimeUnit.MILLISECONDS);
      reader.result().whenComplete((body, failure) -> timer.cancel(false));
      in.setReadListener(reader); // Javalin has started async mode for the future
      return reader.result().thenAccept(then);
    });
  }

  static void requireJson(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(JsonBodies.CONTENT_TYPE)) {
      throw HttpProblem.unsupportedMediaType(contentType);
    }
  }
}
