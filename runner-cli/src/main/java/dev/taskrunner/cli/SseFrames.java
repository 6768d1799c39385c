package dev.taskrunner.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a Server-Sent Events stream into frames (id, event, data), per the WHATWG rules the node's
 * stream needs: {@code field: value} lines, a blank line ends a frame, {@code :} lines are comments.
 */
final class SseFrames {
  /** One event; {@code id} null when the frame had none. */
  record Frame(String id, String event, String data) {}

  interface Sink {
    void accept(Frame frame);
  }

  private SseFrames() {}

  /** Reads frames until the stream ends. */
  static void read(InputStream in, Sink sink) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String id = null;
    String event = null;
    StringBuilder data = null;
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.isEmpty()) {
        if (data != null) {
          sink.accept(new Frame(id, event == null ? "message" : event, data.toString()));
        }
        id = null;
        event = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { } // retry and unknown fields: nothing to do
      }
    }
  }
}
