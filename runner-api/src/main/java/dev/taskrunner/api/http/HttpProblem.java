package dev.taskrunner.api.http;

import java.util.Map;

/**
 * A failure the HTTP layer itself detects (bad query parameter, wrong content type, body too
 * large, missing credentials): a status code, a {@code detail} shown to the client as it is, and
 * headers to add. {@link ErrorMapper} turns it into the response.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final Map<String, String> headers;

  private HttpProblem(int status, String detail, Map<String, String> headers) {
    super(detail, null, false, false); // an expected answer: no stack trace to fill
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  /** 400: a query parameter or path segment is malformed; {@code detail} names it. */
  public static HttpProblem badRequest(String detail) {
    return new HttpProblem(400, detail, Map.of());
  }

  /** 401, with the challenge RFC 6750 asks for. */
  public static HttpProblem unauthorized(String detail) {
    return new HttpProblem(401, detail, Map.of("WWW-Authenticate", "Bearer"));
  }

  /**
   * 413. The unread rest of the body is Jetty's to drop: it discards what has arrived and closes
   * the connection if more is still coming; nothing past the limit is ever buffered.
   */
  public static HttpProblem payloadTooLarge(long limit) {
    return new HttpProblem(413, "request body: larger than the limit of " + limit + " bytes", Map.of());
  }

  /**
   * 408: the request did not arrive in time. The connection is closed after the answer: the rest of
   * a late body may still be on its way and cannot be told from a next request.
   */
  public static HttpProblem requestTimeout(String detail) {
    return new HttpProblem(408, detail, Map.of("Connection", "close"));
  }

  /** 503 with {@code Retry-After}: the node is busy with this kind of request; try again later. */
  public static HttpProblem busy(String detail, int retryAfterSeconds) {
    return new HttpProblem(503, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  /** 415. */
  public static HttpProblem unsupportedMediaType(String contentType) {
    return new HttpProblem(415, "Content-Type: expected application/json, got "
        + (contentType == null || contentType.isBlank() ? "none" : contentType), Map.of());
  }

  public int status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }
}
