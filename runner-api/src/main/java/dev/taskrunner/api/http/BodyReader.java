package dev.taskrunner.api.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads one request body without holding a server thread while bytes trickle in (servlet
 * non-blocking I/O): the result completes with the body, or fails with an {@link HttpProblem}:
 * 413 past the limit, 408 when the deadline passes or the connection falls silent for its idle
 * timeout, 400 when the body is malformed or cut off. Jetty calls {@link #onDataAvailable} and
 * {@link #onAllDataRead} one at a time; {@link #expire} may come from any thread and only ever
 * completes the result.
 */
final class BodyReader implements ReadListener {
  private final ServletInputStream in;
  private final int limit;
  private final Duration deadline;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[8192];

  BodyReader(ServletInputStream in, int limit, Duration deadline) {
    this.in = in;
    this.limit = limit;
    this.deadline = deadline;
  }

  CompletableFuture<byte[]> result() {
    return result;
  }

  @Override
  public void onDataAvailable() throws IOException {
    // Stop reading once done (e.g. expired): the unread rest is Jetty's to drop with the connection.
    while (!result.isDone() && in.isReady()) {
      int n = in.read(buffer);
      if (n < 0) {
        return; // onAllDataRead follows
      }
      if (body.size() + n > limit) {
        result.completeExceptionally(HttpProblem.payloadTooLarge(limit));
        return;
      }
      body.write(buffer, 0, n);
    }
  }

  @Override
  public void onAllDataRead() {
    result.complete(body.toByteArray());
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(problem(failure));
  }

  /** The deadline passed: answer 408 now, whatever is still on its way. */
  void expire() {
    result.completeExceptionally(HttpProblem.requestTimeout(
        "request body: not received whole within " + deadline.toMillis() + " ms (bodyTimeoutMs)"));
  }

  private HttpProblem problem(Throwable failure) {
    if (failure instanceof HttpProblem p) {
      return p;
    }
    if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
      return HttpProblem.requestTimeout("request body: the connection sent nothing for its idle timeout (idleTimeoutMs)");
    }
    if (failure instanceof BadMessageException bad) {
      return HttpProblem.badRequest("request body: " + bad.getReason());
    }
    // The client went away or sent a broken chunked encoding: its fault, not a 500.
    return HttpProblem.badRequest("request body: cannot be read (" + failure + ")");
  }
}
