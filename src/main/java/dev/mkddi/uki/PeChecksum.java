package dev.mkddi.uki;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The PE {@code CheckSum}: the ones'-complement sum of the file's little-endian 16-bit words (a
 * trailing odd byte counts as a word of its own), folded to 16 bits, plus the file's length — what
 * Windows' {@code CheckSumMappedFile} and sbsign compute. The {@code CheckSum} field itself, and
 * any other range the caller will rewrite, count as zeros (their new bytes are added with {@link
 * #addRewritten}). The sum is kept unfolded (a byte at an odd offset adds 256 times its value), so
 * parts of the file may be added in any order and split anywhere; folding at the end gives what
 * folding after every word gives. Not thread-safe.
 */
final class PeChecksum {
  private static final long WORD = 0xFFFF;

  private final long[] zeroed;
  private long sum;

  /**
   * @param zeroed pairs of offset and length of the ranges that count as zeros: the CheckSum field,
   *     and whatever else will be rewritten
   */
  PeChecksum(long... zeroed) {
    if (zeroed.length % 2 != 0) {
      throw new IllegalArgumentException("a range offset without its length");
    }
    this.zeroed = zeroed.clone();
  }

  /**
   * Adds bytes from the buffer's position to its limit, without moving the position; bytes in the
   * zeroed ranges count as zeros.
   *
   * @param position their offset in the file
   * @param data the bytes
   */
  void add(long position, ByteBuffer data) {
    sum += sum(position, withZeroedRanges(position, data));
  }

  /**
   * Adds the new content of a zeroed range as it is.
   *
   * @param position its offset in the file
   * @param data the bytes, position to limit
   */
  void addRewritten(long position, ByteBuffer data) {
    sum += sum(position, data);
  }

  /**
   * @param fileLength the file's length
   * @return the {@code CheckSum} value
   */
  long value(long fileLength) {
    long s = sum;
    while ((s >>> 16) != 0) {
      s = (s & WORD) + (s >>> 16);
    }
    return (s + fileLength) & 0xFFFFFFFFL;
  }

  private static long sum(long position, ByteBuffer data) {
    ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long s = 0;
    if ((position & 1) != 0 && b.hasRemaining()) {
      s += (b.get() & 0xFFL) << 8;
    }
    while (b.remaining() >= 2) {
      s += b.getShort() & WORD;
    }
    if (b.hasRemaining()) {
      s += b.get() & 0xFFL;
    }
    return s;
  }

  private ByteBuffer withZeroedRanges(long position, ByteBuffer data) {
    long end = position + data.remaining();
    byte[] copy = null;
    for (int i = 0; i < zeroed.length; i += 2) {
      long from = Math.max(zeroed[i], position);
      long to = Math.min(zeroed[i] + zeroed[i + 1], end);
      if (from < to) {
        if (copy == null) {
          copy = new byte[data.remaining()];
          data.duplicate().get(copy);
        }
        Arrays.fill(copy, (int) (from - position), (int) (to - position), (byte) 0);
      }
    }
    return copy == null ? data : ByteBuffer.wrap(copy);
  }
}
