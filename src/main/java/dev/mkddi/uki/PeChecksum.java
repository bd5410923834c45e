package dev.mkddi.uki;

import java.nio.ByteBuffer;
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
    ByteBuffer b = data.hasArray() ? data : copy(data);
    byte[] a = b.array();
    int i = b.arrayOffset() + b.position();
    int end = b.arrayOffset() + b.limit();
    long s = 0;
    if ((position & 1) != 0 && i < end) {
      s += (a[i++] & 0xFFL) << 8;
    }
    // words summed in plain array code: fast in every JIT tier (mkddi's launcher keeps its own code
    // on C1); an int sum of up to 32768 words cannot overflow, so it is flushed that often
    while (end - i >= 2) {
      int stop = i + Math.min(end - i, 1 << 16) / 2 * 2;
      int words = 0;
      for (; i < stop; i += 2) {
        words += (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8;
      }
      s += words & 0xFFFFFFFFL;
    }
    if (i < end) {
      s += a[i] & 0xFFL;
    }
    return s;
  }

  private static ByteBuffer copy(ByteBuffer data) {
    byte[] c = new byte[data.remaining()];
    data.duplicate().get(c);
    return ByteBuffer.wrap(c);
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
