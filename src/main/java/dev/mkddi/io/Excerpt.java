package dev.mkddi.io;

/**
 * Shows a value taken from the input in a one-line message: control characters escaped ({@code \n},
 * {@code \t}, {@code \xNN}), and the result cut at {@link #MAX_LENGTH} characters with {@code …},
 * so a megabyte-long name or a value with line breaks still gives one short line. Stateless.
 */
public final class Excerpt {
  /** Characters of a value shown before it is cut. */
  public static final int MAX_LENGTH = 64;

  private Excerpt() {}

  /**
   * @param value text from the input
   * @return the value, escaped, and cut to {@link #MAX_LENGTH} characters plus {@code …}
   */
  public static String of(String value) {
    return of(value, MAX_LENGTH);
  }

  /**
   * @param value text from the input
   * @param max characters shown before the cut, escapes included (at least 1)
   * @return the value, escaped, and cut to {@code max} characters plus {@code …}
   */
  public static String of(String value, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max " + max + " < 1");
    }
    StringBuilder sb = new StringBuilder(Math.min(value.length(), max) + 1);
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      String shown = escaped(c);
      if (sb.length() + shown.length() > max) {
        return sb.append('…').toString();
      }
      sb.append(shown);
      i += Character.charCount(c);
    }
    return sb.toString();
  }

  private static String escaped(int c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
          return String.format("\\x%02x", c);
        }
        return new String(Character.toChars(c));
    }
  }
}
