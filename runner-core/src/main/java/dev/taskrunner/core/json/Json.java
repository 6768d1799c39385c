package dev.taskrunner.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, on Jackson's streaming core: objects are {@code LinkedHashMap}
 * (insertion order kept), arrays {@code ArrayList}, numbers {@code Long}, {@code BigInteger} or
 * {@code Double} (a number beyond a double's range is refused), plus {@code String},
 * {@code Boolean} and {@code null}.
 *
 * <p>Why not Databind: the task runner starts a JVM per task and this path must stay lean.
 * Duplicate keys are rejected: two values for one field is an ambiguous definition.
 */
public final class Json {
  private Json() {}

  /** Built on first use: a runner that reads a plain task.json and writes its status never sets Jackson up. */
  private static final class Factory {
    static final JsonFactory INSTANCE = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  public static JsonFactory factory() {
    return Factory.INSTANCE;
  }

  /** Parses one JSON document; trailing content is an error. */
  public static Object parse(byte[] json) throws JsonSyntaxException {
    Object plain = PlainJsonReader.read(json);
    return plain != PlainJsonReader.DECLINED ? plain : parseWithJackson(json);
  }

  /** What {@link #parse} gives, read by Jackson alone. */
  static Object parseWithJackson(byte[] json) throws JsonSyntaxException {
    try (JsonParser parser = factory().createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonSyntaxException("empty document");
      }
      Object value = readValue(parser, first);
      if (parser.nextToken() != null) {
        throw new JsonSyntaxException("unexpected content after the document at "
            + parser.currentLocation().offsetDescription());
      }
      return value;
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new JsonSyntaxException(e.getOriginalMessage()
          + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object readValue(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String key = p.currentName();
          map.put(key, readValue(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(readValue(p, t));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT: {
        double value = p.getDoubleValue();
        if (Double.isInfinite(value)) {
          throw new JsonSyntaxException("number out of range: " + p.getText());
        }
        return value;
      }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonSyntaxException("unexpected token " + token);
    }
  }

  /** Writes a value made of the types {@link #parse} returns. */
  public static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List) {
      g.writeStartArray();
      for (Object item : (List<?>) value) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof String) {
      g.writeString((String) value);
    } else if (value instanceof Boolean) {
      g.writeBoolean((Boolean) value);
    } else if (value instanceof Number) {
      writeNumber(g, (Number) value);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void writeNumber(JsonGenerator g, Number n) throws IOException {
    if (n instanceof Long || n instanceof Integer) {
      g.writeNumber(n.longValue());
    } else if (n instanceof Double || n instanceof Float) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeNumber(n.toString());
    }
  }

  /** A compact UTF-8 rendering of a value. */
  public static byte[] toBytes(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = factory().createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
