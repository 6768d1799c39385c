package dev.taskrunner.core.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the plain documents our own files hold — ASCII text, whole numbers of up to 18 digits, no
 * duplicate keys, shallow — into the values {@link Json#parse} gives, and declines anything else
 * ({@link #DECLINED}), which Jackson then reads, or refuses with its own message. A runner JVM
 * runs interpreted and reads one small {@code task.json}: setting Jackson up costs it more (~5 ms)
 * than the read. Declining is always safe; accepting what Jackson would refuse, or reading a value
 * Jackson reads otherwise, never is (PlainJsonReaderTest compares the two on many documents).
 */
final class PlainJsonReader {
  /** What {@link #read} returns for a document it leaves to Jackson. */
  static final Object DECLINED = new Object();
  /**
   * Larger documents go to Jackson: below this no string or name can reach Jackson's default
   * limits (its shortest, 50,000 characters for a name).
   */
  static final int MAX_BYTES = 50_000;
  /** Deeper documents go to Jackson (whose limit is 1,000). */
  private static final int MAX_DEPTH = 64;
  /** Whole numbers of more digits go to Jackson, which gives a {@code BigInteger} from 19 on. */
  private static final int MAX_DIGITS = 18;

  private final byte[] in;
  private int at;

  private PlainJsonReader(byte[] in) {
    this.in = in;
  }

  /** The document's value, or {@link #DECLINED}. */
  static Object read(byte[] json) {
    if (json.length > MAX_BYTES) {
      return DECLINED;
    }
    PlainJsonReader reader = new PlainJsonReader(json);
    try {
      Object value = reader.value(0);
      reader.skipSpace();
      return reader.at == json.length ? value : DECLINED;
    } catch (Declined e) {
      return DECLINED;
    }
  }

  private Object value(int depth) {
    skipSpace();
    switch (next()) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("rue", Boolean.TRUE);
      case 'f':
        return literal("alse", Boolean.FALSE);
      case 'n':
        return literal("ull", null);
      default:
        at--;
        return number();
    }
  }

  private Map<String, Object> object(int depth) {
    if (depth > MAX_DEPTH) {
      throw Declined.INSTANCE;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      if (next() != '"') {
        throw Declined.INSTANCE;
      }
      String key = string();
      skipSpace();
      if (next() != ':' || map.containsKey(key)) { // a duplicate key is Jackson's to refuse
        throw Declined.INSTANCE;
      }
      map.put(key, value(depth));
      skipSpace();
      byte b = next();
      if (b == '}') {
        return map;
      }
      if (b != ',') {
        throw Declined.INSTANCE;
      }
    }
  }

  private List<Object> array(int depth) {
    if (depth > MAX_DEPTH) {
      throw Declined.INSTANCE;
    }
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      list.add(value(depth));
      skipSpace();
      byte b = next();
      if (b == ']') {
        return list;
      }
      if (b != ',') {
        throw Declined.INSTANCE;
      }
    }
  }

  /** The string whose opening quote was just read. */
  private String string() {
    int start = at;
    while (true) {
      byte b = next();
      if (b == '"') {
        return new String(in, start, at - 1 - start, StandardCharsets.ISO_8859_1);
      }
      if (b == '\\') {
        at = start;
        return escapedString();
      }
      if (b < 0x20) { // a control character, or (negative) a byte beyond ASCII
        throw Declined.INSTANCE;
      }
    }
  }

  private String escapedString() {
    StringBuilder text = new StringBuilder();
    while (true) {
      byte b = next();
      if (b == '"') {
        return text.toString();
      }
      if (b < 0x20) {
        throw Declined.INSTANCE;
      }
      if (b != '\\') {
        text.append((char) b);
        continue;
      }
      byte e = next();
      switch (e) {
        case '"', '\\', '/' -> text.append((char) e);
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'u' -> text.append((char) (hex() << 12 | hex() << 8 | hex() << 4 | hex()));
        default -> throw Declined.INSTANCE;
      }
    }
  }

  private int hex() {
    byte b = next();
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    throw Declined.INSTANCE;
  }

  /** {@code -?(0|[1-9][0-9]*)} of at most {@link #MAX_DIGITS} digits, ending the value. */
  private Long number() {
    boolean negative = peek() == '-';
    if (negative) {
      at++;
    }
    int first = at;
    long value = 0;
    while (at < in.length && in[at] >= '0' && in[at] <= '9') {
      value = value * 10 + (in[at++] - '0');
    }
    int digits = at - first;
    if (digits == 0 || digits > MAX_DIGITS || digits > 1 && in[first] == '0') {
      throw Declined.INSTANCE;
    }
    endOfValue();
    return negative ? -value : value;
  }

  private Object literal(String rest, Object value) {
    for (int i = 0; i < rest.length(); i++) {
      if (next() != rest.charAt(i)) {
        throw Declined.INSTANCE;
      }
    }
    endOfValue();
    return value;
  }

  /** A number or a literal ends the document, or is followed by a space, a comma or a closing bracket. */
  private void endOfValue() {
    if (at < in.length) {
      byte b = in[at];
      if (!(isSpace(b) || b == ',' || b == ']' || b == '}')) {
        throw Declined.INSTANCE; // 1.5, 1e3, 12x, truex: Jackson's
      }
    }
  }

  private void skipSpace() {
    while (at < in.length && isSpace(in[at])) {
      at++;
    }
  }

  /** The white space JSON allows between tokens; any other control character is Jackson's to refuse. */
  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private byte peek() {
    if (at >= in.length) {
      throw Declined.INSTANCE;
    }
    return in[at];
  }

  private byte next() {
    byte b = peek();
    at++;
    return b;
  }

  /** Unwinds a read that declines; one instance, without a stack trace, as it is no error. */
  private static final class Declined extends RuntimeException {
    static final Declined INSTANCE = new Declined();

    private Declined() {
      super(null, null, false, false);
    }
  }
}
