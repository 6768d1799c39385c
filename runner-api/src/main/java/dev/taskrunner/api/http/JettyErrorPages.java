package dev.taskrunner.api.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's own error answers (a request it rejects before Javalin sees it: malformed request line,
 * unknown HTTP version, ambiguous URI, headers too large, or a failure outside Javalin) as {@code
 * {"detail": "..."}} with Jetty's status, instead of Jetty's HTML or text page.
 */
final class JettyErrorPages extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JettyErrorPages.class);

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) {
    writeIfUncommitted(response, code, detail(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return null;
    }
    fields.put(HttpHeader.CONTENT_TYPE, JsonBodies.CONTENT_TYPE);
    return ByteBuffer.wrap(JsonBodies.detail(detail(status, reason)));
  }

  static void writeIfUncommitted(HttpServletResponse response, int code, String detail) {
    if (response.isCommitted()) {
      return;
    }
    try {
      byte[] body = JsonBodies.detail(detail);
      response.resetBuffer();
      response.setStatus(code);
      response.setContentType(JsonBodies.CONTENT_TYPE);
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot write an error response", e);
    }
  }

  /**
   * Jetty's reasons for what it rejects are short and safe to show ({@code Unknown Version}); a 500's
   * message may be an exception's, so it is never shown.
   */
  static String detail(int code, String message) {
    if (code == 500) {
      return ErrorMapper.INTERNAL_ERROR;
    }
    String status = HttpStatus.getMessage(code);
    String reason = message == null || message.isBlank() || message.equals(status) ? status : status + ": " + message;
    return code == 505 ? "request line: " + reason + "; this node speaks HTTP/1.1 and HTTP/1.0" : "request rejected: " + reason;
  }
}
