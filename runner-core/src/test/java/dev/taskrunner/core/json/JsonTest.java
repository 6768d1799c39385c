package dev.taskrunner.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void parsesNestedObjectsAndArraysIntoPlainJavaValues() {
    Object value = parse("{\"a\": [1, {\"b\": null}, []], \"c\": {\"d\": true, \"e\": false}, \"s\": \"x\"}");

    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("b", null);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, inner, List.of()));
    expected.put("c", Map.of("d", true, "e", false));
    expected.put("s", "x");
    assertEquals(expected, value);
    assertInstanceOf(LinkedHashMap.class, value);
    assertInstanceOf(ArrayList.class, ((Map<?, ?>) value).get("a"));
  }

  @Test
  void keepsTheOrderOfObjectFields() {
    Map<?, ?> map = (Map<?, ?>) parse("{\"z\": 1, \"a\": 2, \"m\": 3}");

    assertEquals(List.of("z", "a", "m"), List.copyOf(map.keySet()));
  }

  @Test
  void givesWholeNumbersThatFitAsLong() {
    assertEquals(42L, parse("42"));
    assertEquals(-7L, parse("-7"));
    assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
  }

  @Test
  void givesWholeNumbersBeyondLongAsBigInteger() {
    assertEquals(new BigInteger("9223372036854775808"), parse("9223372036854775808"));
    assertEquals(new BigInteger("-99999999999999999999999"), parse("-99999999999999999999999"));
  }

  @Test
  void givesNumbersWithAFractionOrExponentAsDouble() {
    assertEquals(1.5, parse("1.5"));
    assertEquals(1000.0, parse("1e3"));
    assertEquals(2.0, parse("2.0"));
    assertEquals(-0.25, parse("-25E-2"));
  }

  @Test
  void parsesScalarDocuments() {
    assertEquals("text", parse("\"text\""));
    assertEquals(Boolean.TRUE, parse("true"));
    assertNull(parse("null"));
  }

  @Test
  void decodesEscapesAndUtf8() {
    assertEquals("é ✓ \"q\" \\ \n", parse("\"\\u00e9 ✓ \\\"q\\\" \\\\ \\n\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "{} x", "[1]]", "1 2", "\"a\" \"b\"", "{}garbage"})
  void rejectsContentAfterTheDocument(String text) {
    assertThrows(JsonSyntaxException.class, () -> parse(text));
  }

  @Test
  void saysWhereTheExtraDocumentStarts() {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> parse("{}\n{}"));

    assertTrue(e.getMessage().contains("unexpected content after the document"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t  \r\n"})
  void rejectsAnEmptyDocument(String text) {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> parse(text));

    assertEquals("empty document", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'a': 1}", "[1,]", "{\"a\": 1,}", "NaN", "{\"a\" 1}", "[1, 2", "{\"a\": tru}", "// c\n{}"})
  void rejectsMalformedJsonSayingWhere(String text) {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> parse(text));

    assertTrue(e.getMessage().contains("(line "), e.getMessage());
  }

  @Test
  void rejectsDuplicateKeysAtAnyDepth() {
    assertThrows(JsonSyntaxException.class, () -> parse("{\"a\": 1, \"a\": 1}"));
    assertThrows(JsonSyntaxException.class, () -> parse("[{\"x\": {\"b\": 1, \"b\": 2}}]"));
  }

  @Test
  void theSameKeyInDifferentObjectsIsNotADuplicate() {
    assertEquals(Map.of("a", Map.of("a", 1L)), parse("{\"a\": {\"a\": 1}}"));
  }

  @Test
  void writesWhatItParsesSoThatItReadsBackEqual() {
    Object value = parse("{\"n\": [1, -2.5, 12345678901234567890, true, null, \"s\\u0000\"], \"o\": {}}");

    assertEquals(value, Json.parse(Json.toBytes(value)));
  }

  @Test
  void aNumberBeyondDoubleRangeIsRefusedOrReadsBackEqual() {
    Object value;
    try {
      value = parse("{\"n\": [1e400, -1e400]}");
    } catch (JsonSyntaxException refused) {
      return; // refusing it is a fine answer too
    }

    assertEquals(value, Json.parse(Json.toBytes(value)));
  }

  @Test
  void writesCompactJson() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("a", List.of(1, 2L));
    value.put("b", null);

    assertEquals("{\"a\":[1,2],\"b\":null}", new String(Json.toBytes(value), StandardCharsets.UTF_8));
  }

  @Test
  void refusesToWriteAValueThatIsNotJson() {
    assertThrows(IllegalArgumentException.class, () -> Json.toBytes(List.of(new Object())));
  }

  private static Object parse(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
