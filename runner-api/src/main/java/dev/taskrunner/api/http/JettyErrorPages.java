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
 * ambiguous URI, headers too large) as {@code {"detail": "..."}} instead of Jetty's HTML page.
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

  private static String detail(int code, String message) {
    if (code >= 500) {
      return ErrorMapper.INTERNAL_ERROR;
    }
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    return "request rejected: " + reason;
  }
}
