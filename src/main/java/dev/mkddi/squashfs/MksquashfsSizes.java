package dev.mkddi.squashfs;

/**
 * Sizes as mksquashfs reads them in its options ({@code -b}, {@code -Xdict-size}): bytes, a number
 * with {@code K} or {@code M} (powers of 1024), or for the dictionary a percentage of the block
 * size. The one reading of them for {@code mkddi mkfs squashfs} and a description's {@code
 * fscreateoptions}. Stateless.
 */
public final class MksquashfsSizes {
  private MksquashfsSizes() {}

  /**
   * @param option the option, for the message
   * @param text bytes, or a number with K or M
   * @return bytes
   * @throws IllegalArgumentException naming the option when the text is not such a size or too
   *     large for an int
   */
  public static int size(String option, String text) {
    String t = text.trim();
    long unit = 1;
    if (t.endsWith("K") || t.endsWith("k")) {
      unit = 1024;
    } else if (t.endsWith("M") || t.endsWith("m")) {
      unit = 1024 * 1024;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new IllegalArgumentException(
          option + ": '" + text + "' is not a size (bytes, or N K or N M)");
    }
    try {
      return Math.toIntExact(Math.multiplyExact(Long.parseLong(digits), unit));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(option + ": '" + text + "' is too large");
    }
  }

  /**
   * @param option the option, for the message
   * @param text a size as {@link #size} reads it, or a percentage above 0 and up to 100 of the
   *     block size
   * @param blockSize the data block size
   * @return the xz dictionary size in bytes
   * @throws IllegalArgumentException naming the option when the text is neither
   */
  public static int dictionary(String option, String text, int blockSize) {
    String t = text.trim();
    if (!t.endsWith("%")) {
      return size(option, t);
    }
    double percent;
    try {
      percent = Double.parseDouble(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      percent = -1;
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          option + ": '" + text + "' is not a percentage above 0 and up to 100");
    }
    return (int) (blockSize * percent / 100);
  }
}
