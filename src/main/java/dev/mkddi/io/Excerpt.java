package dev.mkddi.io;

/**
 * Shows a value taken from the input in a one-line message: control characters escaped ({@code \n},
 * {@code \t}, {@code \xNN}), and anything past {@link #MAX_LENGTH} characters cut off with {@code
 * …}, so a megabyte-long name or a value with line breaks still gives one short line. Stateless.
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
   * @param max characters shown before the cut (at least 1)
   * @return the value, escaped, and cut to {@code max} characters plus {@code …}
   */
  public static String of(String value, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max " + max + " < 1");
    }
    int end = value.length() <= max ? value.length() : cutPoint(value, max);
    StringBuilder sb = new StringBuilder(end + 8);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (end < value.length()) {
      sb.append('…');
    }
    return sb.toString();
  }

  /** Does not split a surrogate pair. */
  private static int cutPoint(String value, int max) {
    return Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
  }
}
