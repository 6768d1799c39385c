package dev.taskrunner.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain reader never reads a document otherwise than Jackson: for every document it accepts,
 * Jackson gives an equal value of the same types in the same order; what Jackson refuses, it
 * declines. Documents: typical task and status files, every short string of JSON's own
 * characters, and random edits of valid documents.
 */
class PlainJsonReaderTest {
  private static final List<String> TYPICAL = List.of(
      "{\"machine\":\"echo\",\"parameters\":[\"ECHO hi\"]}",
      "{\"machine\":\"exec\",\"parameters\":{\"command\":[\"true\"]},\"id\":\"training\"}",
      "{\"version\":1,\"taskId\":\"t-1\",\"pid\":4242,\"pidStartedAt\":\"2026-11-30T05:55:43.830Z\",\"host\":\"vm\","
          + "\"startedAt\":\"2026-11-30T05:55:47.810541309Z\",\"updatedAt\":null,\"finishedAt\":null,\"exitCode\":null,"
          + "\"outcome\":null,\"reason\":\"a \\\"quoted\\\" \\\\ reason\\n\\u00e9\\uD83D\\uDE00\"}\n",
      " { \"a\" : [ 1 , -2 , 0 , -0 , 123456789012345678 , true , false , null , { } , [ ] ] }\r\n\t",
      "{\"resources\":{\"exclusive\":[\"gpu\"],\"shared\":[]},\"after\":[\"a\",\"b\"],\"afterAny\":true,\"timeoutSeconds\":60}",
      "\"just a string\"", "42", "-7", "true", "null", "[]", "{}", "[[[[[[1]]]]]]", "\"\\/\\b\\f\\n\\r\\t\\u0000\\uABCD\"");

  @Test
  void typicalDocumentsAreReadPlainAndAsJacksonReadsThem() {
    for (String doc : TYPICAL) {
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
      assertNotSame(PlainJsonReader.DECLINED, PlainJsonReader.read(bytes), doc);
      assertSameAsJackson(bytes);
    }
  }

  @Test
  void whatJacksonReadsOtherwiseOrRefusesIsDeclined() {
    for (String doc : List.of("1.5", "1e3", "-", "01", "-01", "+1", "1234567890123456789", "99999999999999999999",
        "{\"a\":1,\"a\":2}", "[1,]", "{\"a\":1,}", "tru", "truex", "nul", "[1 2]", "{\"a\" 1}", "{a:1}", "'a'",
        "\"\\x\"", "\"\\u12G4\"", "\"tab\there\"", "\"é\"", "", " ", "{} {}", "1 2", "[", "]", "{\"a\":[}", "/**/1",
        "# c\n1", "\u000b1", "NaN", "Infinity", "[" .repeat(65) + "]".repeat(65))) {
      byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
      assertSame(PlainJsonReader.DECLINED, PlainJsonReader.read(bytes), doc);
      assertSameAsJackson(bytes);
    }
  }

  @Test
  void everyShortStringOfJsonCharactersIsReadAsJacksonReadsIt() {
    String alphabet = "{}[],:\"\\ 0-1aelnrstufu";
    int n = alphabet.length();
    for (int a = 0; a < n; a++) {
      assertSameAsJackson(alphabet.substring(a, a + 1));
      for (int b = 0; b < n; b++) {
        assertSameAsJackson("" + alphabet.charAt(a) + alphabet.charAt(b));
        for (int c = 0; c < n; c++) {
          assertSameAsJackson("" + alphabet.charAt(a) + alphabet.charAt(b) + alphabet.charAt(c));
        }
      }
    }
  }

  @Test
  void randomEditsOfValidDocumentsAreReadAsJacksonReadsThem() {
    String pieces = "{}[],:\"\\ \t\n\r0123456789-+.eEtruefalsnxu/\u0000\u0001\u007fé";
    Random random = new Random(2026);
    List<String> valid = new ArrayList<>(TYPICAL);
    for (int i = 0; i < 200; i++) {
      valid.add(new String(Json.toBytes(randomValue(random, 0)), StandardCharsets.UTF_8));
    }
    for (int i = 0; i < 30_000; i++) {
      StringBuilder doc = new StringBuilder(valid.get(random.nextInt(valid.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(doc.length() + 1);
        char c = pieces.charAt(random.nextInt(pieces.length()));
        switch (random.nextInt(3)) {
          case 0 -> doc.insert(at, c);
          case 1 -> { if (at < doc.length()) doc.deleteCharAt(at); }
          default -> { if (at < doc.length()) doc.setCharAt(at, c); }
        }
      }
      assertSameAsJackson(doc.toString());
    }
    for (String doc : valid) {
      assertSameAsJackson(doc);
    }
  }

  private static Object randomValue(Random random, int depth) {
    switch (depth > 3 ? 4 + random.nextInt(4) : random.nextInt(8)) {
      case 0, 1 -> {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(randomString(random), randomValue(random, depth + 1));
        }
        return map;
      }
      case 2, 3 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        return list;
      }
      case 4 -> {
        return randomString(random);
      }
      case 5 -> {
        return random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(1000) - 500;
      }
      case 6 -> {
        return random.nextBoolean();
      }
      default -> {
        return null;
      }
    }
  }

  private static String randomString(Random random) {
    String chars = "abc XYZ019_-\"\\/\n\t\u0001é\u2028";
    char[] text = new char[random.nextInt(8)];
    for (int i = 0; i < text.length; i++) {
      text[i] = chars.charAt(random.nextInt(chars.length()));
    }
    return new String(text);
  }

  private static void assertSameAsJackson(String doc) {
    assertSameAsJackson(doc.getBytes(StandardCharsets.UTF_8));
  }

  /** Json.parse (plain reader first) and Jackson alone give equal values, or both refuse with one message. */
  private static void assertSameAsJackson(byte[] doc) {
    String label = new String(doc, StandardCharsets.UTF_8);
    Object jackson;
    try {
      jackson = Json.parseWithJackson(doc);
    } catch (JsonSyntaxException e) {
      assertSame(PlainJsonReader.DECLINED, PlainJsonReader.read(doc), "Jackson refuses " + label + ": " + e.getMessage());
      return;
    }
    Object plain = PlainJsonReader.read(doc);
    if (plain != PlainJsonReader.DECLINED) {
      assertEquals(jackson, plain, label);
      assertEquals(describe(jackson), describe(plain), label); // the same types, the same order
    }
  }

  /** The value's structure with every type and the order of every object's fields. */
  private static String describe(Object value) {
    if (value instanceof java.util.Map<?, ?> map) {
      StringBuilder out = new StringBuilder(value.getClass().getSimpleName()).append('{');
      map.forEach((k, v) -> out.append(k).append('=').append(describe(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder(value.getClass().getSimpleName()).append('[');
      list.forEach(v -> out.append(describe(v)).append(','));
      return out.append(']').toString();
    }
    return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
  }
}
