package dev.taskrunner.cli;

import dev.taskrunner.core.json.Json;
import dev.taskrunner.core.json.JsonSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The node answered with an error status; the message is its {@code detail} and the status: {@code task x: no such task (404)}. */
final class NodeRefusedException extends CliException {
  private final int status;

  private NodeRefusedException(String message, int status) {
    super(message, FAILED);
    this.status = status;
  }

  int status() {
    return status;
  }

  /** Reads the {@code {"detail": ...}} body; anything else (a proxy's page, say) is summed up by its first line. */
  static NodeRefusedException of(int status, byte[] body) {
    return new NodeRefusedException(detail(body) + " (" + status + ")", status);
  }

  private static String detail(byte[] body) {
    try {
      if (Json.parse(body) instanceof Map<?, ?> map && map.get("detail") instanceof String detail && !detail.isBlank()) {
        return detail;
      }
    } catch (JsonSyntaxException e) {
      // not JSON: fall through to the text
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    String firstLine = text.isEmpty() ? "" : text.lines().findFirst().orElse("");
    if (firstLine.isEmpty()) {
      return "the node refused the request";
    }
    return "the node refused the request: " + (firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine);
  }
}
