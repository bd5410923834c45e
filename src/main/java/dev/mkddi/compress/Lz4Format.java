package dev.mkddi.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Constants of the LZ4 block format and the byte helpers its encoders share. A block is a sequence
 * of (token, literal length, literals, 16-bit offset, match length) with a final sequence of
 * literals only; the end-of-block rules below are those the Linux kernel's {@code
 * LZ4_decompress_safe} enforces. Stateless.
 */
final class Lz4Format {
  private Lz4Format() {}

  /** Shortest match. */
  static final int MIN_MATCH = 4;

  /** The last bytes of a block are always literals. */
  static final int LAST_LITERALS = 5;

  /** A match starts at least this many bytes before the end of the block. */
  static final int MF_LIMIT = 12;

  /** Largest match offset. */
  static final int MAX_DISTANCE = 65535;

  /** Bits of the token that hold the match length. */
  static final int ML_BITS = 4;

  /** Largest literal or match length the token holds on its own. */
  static final int RUN_MASK = (1 << ML_BITS) - 1;

  /** Value of a length continuation byte that says "more follows". */
  static final int LENGTH_BYTE_MAX = 255;

  /** Bytes of a match offset. */
  static final int OFFSET_SIZE = 2;

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static short readShort(byte[] b, int i) {
    return (short) SHORT.get(b, i);
  }

  static int readInt(byte[] b, int i) {
    return (int) INT.get(b, i);
  }

  static long readLong(byte[] b, int i) {
    return (long) LONG.get(b, i);
  }

  /**
   * @param s the buffer
   * @param ref the earlier position
   * @param ip the current position, {@code ref < ip}
   * @param limit the match may not reach past this index
   * @return how many bytes from {@code ip} equal those from {@code ref}, at most {@code limit - ip}
   */
  static int commonLength(byte[] s, int ref, int ip, int limit) {
    int start = ip;
    while (ip <= limit - Long.BYTES) {
      long diff = readLong(s, ref) ^ readLong(s, ip);
      if (diff != 0) {
        return ip - start + (Long.numberOfTrailingZeros(diff) >>> 3);
      }
      ip += Long.BYTES;
      ref += Long.BYTES;
    }
    while (ip < limit && s[ref] == s[ip]) {
      ip++;
      ref++;
    }
    return ip - start;
  }

  /**
   * @param n a literal length, or a match length minus {@link #MIN_MATCH}
   * @return the continuation bytes that follow the token for it
   */
  static int lengthBytes(int n) {
    return n < RUN_MASK ? 0 : 1 + (n - RUN_MASK) / LENGTH_BYTE_MAX;
  }

  /**
   * @param room bytes available for the final sequence
   * @return the most literals a final sequence of at most {@code room} bytes carries
   */
  static int literalsThatFit(int room) {
    // n < RUN_MASK needs 1 + n bytes; beyond, with m = n - RUN_MASK, 2 + RUN_MASK + m + m / 255:
    // m + m / 255 grows by 256 for every 255 of m, so the largest m within spare is found directly
    int spare = room - 2 - RUN_MASK;
    if (spare < 0) {
      return Math.max(0, Math.min(room - 1, RUN_MASK - 1));
    }
    int whole = spare / (LENGTH_BYTE_MAX + 1);
    int rest = spare % (LENGTH_BYTE_MAX + 1);
    return RUN_MASK + whole * LENGTH_BYTE_MAX + Math.min(rest, LENGTH_BYTE_MAX - 1);
  }
}
