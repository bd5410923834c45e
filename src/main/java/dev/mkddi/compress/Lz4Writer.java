package dev.mkddi.compress;

import static dev.mkddi.compress.Lz4Format.*;

/**
 * Writes LZ4 sequences into an output buffer with a byte budget. In fit mode a sequence that does
 * not fit is shortened or left out and the block is closed with as many literals as still fit,
 * always keeping the end-of-block rules: after a match at least {@link Lz4Format#LAST_LITERALS}
 * literals follow, and a match starts at least {@link Lz4Format#MF_LIMIT} bytes before the end of
 * the decoded block. One writer per block; not thread-safe.
 */
final class Lz4Writer {
  private final byte[] src;
  private final byte[] dst;
  private final int limit;
  private final boolean fit;
  private int op;
  private boolean full;

  /**
   * @param src the input
   * @param dst the output
   * @param dstOff where the output starts
   * @param dstSize the budget
   * @param fit whether to shorten the block to the budget instead of failing
   */
  Lz4Writer(byte[] src, byte[] dst, int dstOff, int dstSize, boolean fit) {
    this.src = src;
    this.dst = dst;
    this.op = dstOff;
    this.limit = dstOff + dstSize;
    this.fit = fit;
  }

  /**
   * @return whether the budget is used up: the caller must close the block with {@link #finish}
   */
  boolean full() {
    return full;
  }

  /**
   * @return the output position after the bytes written so far
   */
  int position() {
    return op;
  }

  /**
   * @return the most literals that can still be written; once the literals pending since the last
   *     match are more, no later match makes the block fit
   */
  int literalRoom() {
    return literalsThatFit(limit - op);
  }

  /**
   * Writes the literals {@code src[anchor, ip)} and a match of {@code matchLength} bytes at {@code
   * offset}.
   *
   * @return the match length written; in fit mode a shorter one when only that fits ({@link
   *     #full()} is then true) or 0 when nothing fits; -1 when the budget is exceeded outside fit
   *     mode
   */
  int sequence(int anchor, int ip, int offset, int matchLength) {
    int literals = ip - anchor;
    int head = 1 + lengthBytes(literals) + literals + OFFSET_SIZE;
    int room = limit - op - head;
    int length = matchLength;
    if (fit) {
      // keep room for the closing literals this match requires
      while (length >= MIN_MATCH
          && lengthBytes(length - MIN_MATCH) + 1 + tailAfter(length) > room) {
        length =
            length > RUN_MASK + MIN_MATCH ? Math.min(length - 1, shorterLength(room)) : length - 1;
      }
      if (length < MIN_MATCH) {
        full = true;
        return 0;
      }
      full = length < matchLength;
    } else if (lengthBytes(length - MIN_MATCH) > room) {
      return -1;
    }
    int token = op++;
    int t = writeLength(literals) << ML_BITS;
    System.arraycopy(src, anchor, dst, op, literals);
    op += literals;
    dst[op++] = (byte) offset;
    dst[op++] = (byte) (offset >>> 8);
    t |= writeLength(length - MIN_MATCH);
    dst[token] = (byte) t;
    return length;
  }

  /** Literals a block must end with after a match of {@code length} bytes. */
  private static int tailAfter(int length) {
    return Math.max(LAST_LITERALS, MF_LIMIT - length);
  }

  /** The longest match whose length bytes leave room for the closing literals. */
  private static int shorterLength(int room) {
    int extra = room - 1 - LAST_LITERALS;
    if (extra <= 0) {
      return RUN_MASK - 1 + MIN_MATCH;
    }
    return MIN_MATCH + RUN_MASK + (extra - 1) * LENGTH_BYTE_MAX + LENGTH_BYTE_MAX - 1;
  }

  /** Writes the continuation bytes of {@code n} and returns the token nibble. */
  private int writeLength(int n) {
    if (n < RUN_MASK) {
      return n;
    }
    int rest = n - RUN_MASK;
    while (rest >= LENGTH_BYTE_MAX) {
      dst[op++] = (byte) LENGTH_BYTE_MAX;
      rest -= LENGTH_BYTE_MAX;
    }
    dst[op++] = (byte) rest;
    return RUN_MASK;
  }

  /**
   * Closes the block with the literals {@code src[anchor, end)}; in fit mode with as many of them
   * as fit.
   *
   * @return the input index after the last byte encoded, or -1 when the literals do not fit outside
   *     fit mode
   */
  int finish(int anchor, int end) {
    int literals = end - anchor;
    int room = limit - op;
    if (1 + lengthBytes(literals) + literals > room) {
      if (!fit) {
        return -1;
      }
      literals = literalsThatFit(room);
    }
    if (room < 1) {
      return fit ? anchor : -1;
    }
    int token = op++;
    dst[token] = (byte) (writeLength(literals) << ML_BITS);
    System.arraycopy(src, anchor, dst, op, literals);
    op += literals;
    return anchor + literals;
  }
}
