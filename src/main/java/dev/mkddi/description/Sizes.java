package dev.mkddi.description;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Sizes as kiwi writes them: a plain number is MiB (kiwi's "MB"); {@code M} = MiB, {@code G} = GiB.
 * Overflow yields an empty result. Stateless.
 */
public final class Sizes {
  /** One MiB. */
  static final long MIB = 1L << 20;

  /** One GiB. */
  static final long GIB = 1L << 30;

  private Sizes() {}

  /**
   * @param text digits with an optional {@code M} or {@code G} suffix
   * @return bytes, or empty when the text is not a size or the value overflows
   */
  static OptionalLong parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    long unit = MIB;
    if (t.endsWith("G")) {
      unit = GIB;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("M")) {
      t = t.substring(0, t.length() - 1);
    }
    return times(t, unit);
  }

  /**
   * @param digits a non-negative decimal number
   * @param unit bytes per unit
   * @return {@code digits × unit}, or empty when not a number or on overflow
   */
  static OptionalLong times(String digits, long unit) {
    String d = digits.strip();
    if (d.isEmpty() || d.length() > 19 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Math.multiplyExact(Long.parseLong(d), unit));
    } catch (ArithmeticException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * @param bytes a size
   * @return it in the largest binary unit that divides it: {@code 20 MiB}, {@code 16 KiB}
   */
  public static String human(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    long v = bytes;
    int u = 0;
    while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
      v /= 1024;
      u++;
    }
    return v + " " + units[u];
  }
}
