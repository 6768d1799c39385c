package dev.taskrunner.core.json;

/**
 * Writes JSON text by hand, byte for byte as Jackson's generator writes it, for the one record a
 * runner writes ({@code status.json}): a runner JVM runs interpreted, and setting Jackson's
 * generator up costs it more (~5 ms) than all its writes. JsonTextTest holds it to Jackson.
 */
public final class JsonText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonText() {}

  /**
   * Appends {@code value} as a JSON string, or {@code null}. Escaped as Jackson escapes them: the
   * quote, the backslash, control characters ({@code \b \t \n \f \r} short, others as {@code \}{@code u00XX})
   * and surrogates ({@code \}{@code uD83D\}{@code uDE00}); everything else is written as is.
   */
  public static StringBuilder string(StringBuilder out, String value) {
    if (value == null) {
      return out.append("null");
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
