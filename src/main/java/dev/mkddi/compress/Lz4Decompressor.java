package dev.mkddi.compress;

import static dev.mkddi.compress.Lz4Format.*;

/**
 * Decodes LZ4 blocks with the checks of the Linux kernel's {@code LZ4_decompress_safe}: every read
 * and write is bounded, a match may not reach back before the output start, and the end-of-block
 * rules hold (literals that end within {@link Lz4Format#MF_LIMIT} bytes of the output capacity end
 * the block, which must then end exactly with the input; a match ends at least {@link
 * Lz4Format#LAST_LITERALS} bytes before the capacity). Stateless.
 */
public final class Lz4Decompressor {
  private Lz4Decompressor() {}

  /**
   * @param src the compressed block
   * @param srcOff where it starts
   * @param srcLen its exact length
   * @param dst the output
   * @param dstOff where the output starts
   * @param dstCapacity the output capacity (the exact decoded size for the strictest check)
   * @return the number of bytes decoded
   * @throws CompressedDataException when the block is malformed or decodes to more than {@code
   *     dstCapacity}
   */
  public static int decompress(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity)
      throws CompressedDataException {
    int ip = srcOff;
    int iend = srcOff + srcLen;
    int op = dstOff;
    int oend = dstOff + dstCapacity;
    if (srcLen == 0) {
      throw bad(0, "empty block");
    }
    while (true) {
      if (ip >= iend) {
        throw bad(ip - srcOff, "block ends without a final literal run");
      }
      int token = src[ip++] & 0xFF;
      int length = token >>> ML_BITS;
      if (length == RUN_MASK) {
        int[] r = readLength(src, ip, iend, srcOff);
        length += r[0];
        ip = r[1];
      }
      if (length > oend - op - MF_LIMIT || length > iend - ip - (OFFSET_SIZE + 1 + LAST_LITERALS)) {
        if (length != iend - ip) {
          throw bad(ip - srcOff, "last literal run of " + length + " bytes does not end the block");
        }
        if (length > oend - op) {
          throw bad(ip - srcOff, "output exceeds the capacity of " + dstCapacity + " bytes");
        }
        System.arraycopy(src, ip, dst, op, length);
        return op + length - dstOff;
      }
      System.arraycopy(src, ip, dst, op, length);
      ip += length;
      op += length;
      int offset = (src[ip] & 0xFF) | (src[ip + 1] & 0xFF) << 8;
      ip += OFFSET_SIZE;
      if (offset == 0 || offset > op - dstOff) {
        throw bad(ip - OFFSET_SIZE - srcOff, "match offset " + offset + " before the output start");
      }
      length = token & RUN_MASK;
      if (length == RUN_MASK) {
        int[] r = readLength(src, ip, iend, srcOff);
        length += r[0];
        ip = r[1];
        if (ip > iend - LAST_LITERALS) {
          throw bad(ip - srcOff, "match length runs into the last literals");
        }
      }
      length += MIN_MATCH;
      if (length > oend - LAST_LITERALS - op) {
        throw bad(ip - srcOff, "match ends within the last " + LAST_LITERALS + " bytes");
      }
      int from = op - offset;
      if (offset >= length) {
        System.arraycopy(dst, from, dst, op, length);
        op += length;
      } else {
        for (int i = 0; i < length; i++) {
          dst[op++] = dst[from + i];
        }
      }
    }
  }

  /** Reads length continuation bytes: returns {added, new position}. */
  private static int[] readLength(byte[] src, int ip, int iend, int srcOff)
      throws CompressedDataException {
    int add = 0;
    int b;
    do {
      if (ip >= iend) {
        throw bad(ip - srcOff, "block ends inside a length");
      }
      b = src[ip++] & 0xFF;
      add += b;
      if (add < 0) {
        throw bad(ip - srcOff, "length overflows");
      }
    } while (b == LENGTH_BYTE_MAX);
    return new int[] {add, ip};
  }

  private static CompressedDataException bad(int offset, String what) {
    return new CompressedDataException("LZ4 block: offset " + offset + ": " + what);
  }
}
