package dev.mkddi.compress;

import java.util.zip.Deflater;

/**
 * Raw DEFLATE (RFC 1951, no zlib or gzip wrapper) through the JDK's zlib, 32 KiB window. To fill a
 * fixed output size it searches the longest input prefix that fits (see {@link PrefixSearch}).
 * Output never starts with a zero byte: when zlib opens with a non-final stored block (first byte
 * 0), an unused padding bit of that byte is set, which every inflater ignores, because EROFS finds
 * the start of compressed data by skipping leading zeros. Not thread-safe; {@link #close()}
 * releases zlib's memory.
 */
public final class DeflateCompressor implements BlockCompressor {
  /** The level {@code mkfs.erofs -zdeflate} uses. */
  public static final int DEFAULT_LEVEL = 1;

  /** Highest level. */
  public static final int MAX_LEVEL = 9;

  /** A padding bit after the 3 header bits of a stored block. */
  private static final int STORED_PADDING_BIT = 1 << 3;

  private final Deflater deflater;
  private final Deflater probe = new Deflater(1, true);
  private final int level;
  private final PrefixSearch search = new PrefixSearch();

  /**
   * @param level 0–9
   * @throws IllegalArgumentException when the level is out of range
   */
  public DeflateCompressor(int level) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("deflate level " + level + ": expected 0 to 9");
    }
    this.level = level;
    this.deflater = new Deflater(level, true);
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
    deflater.reset();
    deflater.setInput(src, srcOff, srcLen);
    deflater.finish();
    int n = 0;
    while (!deflater.finished()) {
      if (n == dstCapacity) {
        return -1;
      }
      n += deflater.deflate(dst, dstOff + n, dstCapacity - n);
    }
    if (n > 0 && dst[dstOff] == 0) {
      dst[dstOff] = STORED_PADDING_BIT;
    }
    return n;
  }

  @Override
  public Fit compressToFit(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstSize) {
    if (srcLen == 0 || dstSize == 0) {
      return Fit.NONE;
    }
    int guess =
        search.guess(
            srcLen,
            dstSize,
            (length, out) -> {
              probe.reset();
              probe.setInput(src, srcOff, length);
              probe.finish();
              int n = 0;
              while (!probe.finished() && n < out.length) {
                n += probe.deflate(out, n, out.length - n);
              }
              return n;
            });
    return search.search(
        srcLen,
        dstSize,
        guess,
        22 - 2 * level,
        (prefix, out, limit) -> compress(src, srcOff, prefix, out, 0, limit),
        dst,
        dstOff);
  }

  @Override
  public void close() {
    deflater.end();
    probe.end();
  }
}
