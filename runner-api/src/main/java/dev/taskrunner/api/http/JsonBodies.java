package dev.taskrunner.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Writes JSON responses. Bodies are built as plain maps and lists (insertion order kept, nulls
 * kept), so no Databind annotations or Java-time modules are involved.
 */
final class JsonBodies {
  static final String CONTENT_TYPE = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonBodies() {}

  static void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
  }

  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a response body", e); // plain values only: a bug
    }
  }

  /** The error body every failure carries: {@code {"detail": "..."}}. */
  static byte[] detail(String detail) {
    return bytes(Map.of("detail", detail == null ? "" : detail));
  }
}
