package dev.taskrunner.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JsonText writes every string byte for byte as Jackson's generator does. */
class JsonTextTest {

  @Test
  void everyCharacterIsWrittenAsJacksonWritesIt() throws IOException {
    for (int c = 0; c <= 0xFFFF; c++) {
      String text = "a" + (char) c + "b";
      assertEquals(jackson(text), hand(text), "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void pairedAndUnpairedSurrogatesAndRandomTextAreWrittenAsJacksonWritesThem() throws IOException {
    List<String> samples = new ArrayList<>(List.of("", "\uD83D\uDE00", "x\uD83D", "\uDE00y", "\uDE00\uD83D",
        "plain text", "a \"quoted\" \\ path/with/slashes", "tab\there\r\nnew line", "é ✓ 日本"));
    char[] alphabet = {'a', '"', '\\', '/', '\n', '\u0000', '\u001F', '\u007F', '\u0080', 'é', '\u2028', '\uD83D',
        '\uDE00', '\uFFFF', ' '};
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      char[] text = new char[random.nextInt(12)];
      for (int j = 0; j < text.length; j++) {
        text[j] = alphabet[random.nextInt(alphabet.length)];
      }
      samples.add(new String(text));
    }
    for (String text : samples) {
      assertEquals(jackson(text), hand(text), text);
    }
  }

  @Test
  void nullIsTheLiteral() {
    assertEquals("null", JsonText.string(new StringBuilder(), null).toString());
  }

  private static String hand(String text) {
    return new String(JsonText.string(new StringBuilder(), text).toString().getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
  }

  private static String jackson(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeString(text);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
