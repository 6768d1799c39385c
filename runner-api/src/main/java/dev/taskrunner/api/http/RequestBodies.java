package dev.taskrunner.api.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads a JSON request body within a size limit. The limit is enforced before anything is
 * buffered: by {@code Content-Length} when the client sends one, else by reading at most
 * {@code limit + 1} bytes of a chunked body. An unbounded body is never held in memory.
 */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * @throws HttpProblem 415 when the content type is not {@code application/json} (parameters such as
   *     {@code charset} allowed), 413 when the body is larger than {@code limit}
   */
  static byte[] readJson(Context ctx, int limit) {
    requireJson(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw HttpProblem.payloadTooLarge(limit);
    }
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw HttpProblem.payloadTooLarge(limit);
      }
      return body;
    } catch (IOException e) {
      // The client went away or sent a broken chunked encoding: its fault, not a 500.
      throw HttpProblem.badRequest("request body: cannot be read (" + e.getMessage() + ")");
    } catch (BadMessageException e) {
      throw HttpProblem.badRequest("request body: " + e.getReason());
    }
  }

  static void requireJson(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(JsonBodies.CONTENT_TYPE)) {
      throw HttpProblem.unsupportedMediaType(contentType);
    }
  }
}
