package dev.mkddi.compress;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * zstd frames (one per block, content size recorded, no checksum) through zstd-jni, with a bounded
 * window so a decoder with a fixed window (the Linux kernel's) reads them. zstd cannot stop at an
 * output size, so filling one searches the longest prefix that fits (see {@link PrefixSearch}), as
 * erofs-utils does. Not thread-safe; {@link #close()} frees the native context.
 */
public final class ZstdCompressor implements BlockCompressor {
  /** zstd's default level. */
  public static final int DEFAULT_LEVEL = 3;

  /** Highest level. */
  public static final int MAX_LEVEL = 22;

  /** Smallest window zstd allows, as log2. */
  public static final int MIN_WINDOW_LOG = 10;

  /** Largest window accepted here (EROFS's limit, 1 MiB), as log2. */
  public static final int MAX_WINDOW_LOG = 20;

  /** zstd's fastest regular level: a cheap look at how well the input compresses. */
  private static final int PROBE_LEVEL = 1;

  private final ZstdCompressCtx ctx = new ZstdCompressCtx();
  private final ZstdCompressCtx probe = new ZstdCompressCtx();
  private final PrefixSearch search = new PrefixSearch();

  /**
   * @param level up to 22 (negative levels are zstd's fast modes)
   * @param windowLog log2 of the window, 10–20
   * @throws IllegalArgumentException when a value is out of range
   */
  public ZstdCompressor(int level, int windowLog) {
    if (level > MAX_LEVEL) {
      throw new IllegalArgumentException("zstd level " + level + ": at most " + MAX_LEVEL);
    }
    if (windowLog < MIN_WINDOW_LOG || windowLog > MAX_WINDOW_LOG) {
      throw new IllegalArgumentException("zstd window log " + windowLog + ": expected 10 to 20");
    }
    ctx.setLevel(level).setWindowLog(windowLog).setChecksum(false).setContentSize(true);
    probe.setLevel(PROBE_LEVEL).setWindowLog(windowLog).setChecksum(false).setContentSize(true);
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
    try {
      return ctx.compressByteArray(dst, dstOff, dstCapacity, src, srcOff, srcLen);
    } catch (ZstdException e) {
      return -1;
    }
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
              try {
                return probe.compressByteArray(out, 0, out.length, src, srcOff, length);
              } catch (ZstdException e) {
                return length;
              }
            });
    return search.search(
        srcLen,
        dstSize,
        guess,
        1,
        (prefix, out, limit) -> compress(src, srcOff, prefix, out, 0, limit),
        dst,
        dstOff);
  }

  @Override
  public void close() {
    ctx.close();
    probe.close();
  }
}
