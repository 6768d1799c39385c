package dev.taskrunner.core.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.taskrunner.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@link TaskSummary} of an accepted {@code task.json} as a stream: the parameters are
 * skipped, never held, so a node restarting on ten thousand one-megabyte definitions needs no more
 * memory than one small record each. The top-level fields are checked as at submission.
 */
public final class AcceptedSummaries {
  private AcceptedSummaries() {}

  /**
   * @throws InvalidTaskException the document is not an accepted definition (which field, why)
   * @throws IOException it cannot be read
   */
  public static TaskSummary read(InputStream in) throws IOException {
    Map<String, Object> fields = new HashMap<>();
    boolean parameters = false;
    try (JsonParser p = Json.factory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidTaskException("", "a task definition must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken value = p.nextToken();
        if (field.equals("parameters")) {
          parameters = value != JsonToken.VALUE_NULL;
          p.skipChildren();
        } else if (value.isScalarValue()) {
          fields.put(field, scalar(p, value));
        } else if (field.equals("resources") || field.equals("after")) {
          fields.put(field, small(p, value, 0)); // a few names: held, and checked below
        } else {
          fields.put(field, new Object()); // an object or array where a scalar belongs: refused below
          p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidTaskException("", "not valid JSON: " + e.getOriginalMessage());
    }
    if (!parameters) {
      throw new InvalidTaskException("parameters", "is required");
    }
    // The same checks as a submission, on the fields alone (parameters stand in as a placeholder).
    Map<String, Object> doc = new HashMap<>(fields);
    doc.put("parameters", Boolean.TRUE);
    TaskDefinition checked = TaskDefinitions.fromJson(normalize(doc), null);
    return checked.summary();
  }

  /** An object or array of a few names (the caller checks what it holds), nested at most two deep. */
  private static Object small(JsonParser p, JsonToken value, int depth) throws IOException {
    if (depth > 2) {
      throw new InvalidTaskException("", "nested too deep");
    }
    if (value == JsonToken.START_ARRAY) {
      List<Object> list = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        list.add(t.isScalarValue() ? scalar(p, t) : small(p, t, depth + 1));
      }
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.getCurrentName();
      JsonToken t = p.nextToken();
      map.put(name, t.isScalarValue() ? scalar(p, t) : small(p, t, depth + 1));
    }
    return map;
  }

  private static Object scalar(JsonParser p, JsonToken value) throws IOException {
    switch (value) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
      case VALUE_FALSE:
        return p.getBooleanValue();
      default:
        return null;
    }
  }

  /** Numbers as {@link Json#parse} gives them (Long, or BigInteger past a long). */
  private static Map<String, Object> normalize(Map<String, Object> doc) {
    doc.replaceAll((k, v) -> v instanceof Integer i ? Long.valueOf(i) : v);
    return doc;
  }
}
