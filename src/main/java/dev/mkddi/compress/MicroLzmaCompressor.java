package dev.mkddi.compress;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.lz.LZEncoder;
import org.tukaani.xz.lzma.LZMAEncoder;
import org.tukaani.xz.rangecoder.RangeEncoderToBuffer;

/**
 * MicroLZMA, the LZMA framing of the Linux kernel's {@code xz_dec_microlzma} (used by EROFS): a raw
 * LZMA stream without header and without end marker whose first byte, always 0 in raw LZMA, holds
 * the bitwise NOT of the properties byte ({@code (pb * 5 + lp) * 9 + lc}). The decoder is told the
 * compressed and uncompressed sizes. Encoding is xz-java's LZMA encoder.
 *
 * <p>To fill a fixed output size, a first pass feeds the input in small pieces and watches the
 * exact size the stream would have if it ended there; the longest prefix that stayed within the
 * budget is then encoded on its own (the end of a stream is parsed with less lookahead, so it can
 * differ by a few bytes; a prefix that overflows is shortened and encoded again). Not thread-safe.
 */
public final class MicroLzmaCompressor implements BlockCompressor {
  /** liblzma's default preset, which {@code mkfs.erofs -zlzma} uses. */
  public static final int DEFAULT_LEVEL = 6;

  /** Levels 100–109 are the presets 0–9 with liblzma's "extreme" flag. */
  public static final int EXTREME = 100;

  private static final int EXTREME_NICE_LENGTH = 273;
  private static final int EXTREME_DEPTH = 512;

  /** Input fed between two looks at the stream size in the first pass. */
  private static final int PIECE = 256;

  /** Input the encoder may hold back unencoded (xz-java's lookahead in normal mode). */
  private static final int LOOKAHEAD = 4096 + LZMA2Options.NICE_LEN_MAX;

  /** Room beyond the budget for what one piece and the held-back input add (incompressible). */
  private static final int PIECE_SLACK = 2 * (PIECE + LOOKAHEAD) + 1024;

  private final LZMA2Options options;
  private final BasicArrayCache cache = new BasicArrayCache();
  private final PrefixSearch search = new PrefixSearch();

  /**
   * @param level 0–9, or 100–109 for the extreme variants
   * @param dictSize the dictionary size, 4 KiB–8 MiB for EROFS
   * @throws IllegalArgumentException when a value is out of range
   */
  public MicroLzmaCompressor(int level, int dictSize) {
    boolean extreme = level >= EXTREME;
    int preset = extreme ? level - EXTREME : level;
    if (preset < 0 || preset > LZMA2Options.PRESET_MAX) {
      throw new IllegalArgumentException("lzma level " + level + ": expected 0-9 or 100-109");
    }
    try {
      options = new LZMA2Options(preset);
      options.setDictSize(dictSize);
      if (extreme) {
        options.setMode(LZMA2Options.MODE_NORMAL);
        options.setMatchFinder(LZMA2Options.MF_BT4);
        options.setNiceLen(EXTREME_NICE_LENGTH);
        options.setDepthLimit(EXTREME_DEPTH);
      }
    } catch (UnsupportedOptionsException e) {
      throw new IllegalArgumentException("lzma: " + e.getMessage(), e);
    }
  }

  /**
   * @return the properties byte ({@code (pb * 5 + lp) * 9 + lc})
   */
  public int properties() {
    return (options.getPb() * 5 + options.getLp()) * 9 + options.getLc();
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
    try (Run run = new Run(dstCapacity + PIECE_SLACK)) {
      for (int fed = 0; fed < srcLen; ) {
        int piece = Math.min(PIECE, srcLen - fed);
        run.feed(src, srcOff + fed, piece);
        fed += piece;
        if (run.rc.getPendingSize() > dstCapacity) {
          return -1;
        }
      }
      return run.finish(dst, dstOff, dstCapacity);
    }
  }

  @Override
  public Fit compressToFit(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstSize) {
    if (srcLen == 0 || dstSize == 0) {
      return Fit.NONE;
    }
    int fits = 0;
    try (Run run = new Run(dstSize + PIECE_SLACK)) {
      for (int fed = 0; fed < srcLen; ) {
        int piece = Math.min(PIECE, srcLen - fed);
        run.feed(src, srcOff + fed, piece);
        fed += piece;
        if (run.rc.getPendingSize() > dstSize) {
          break;
        }
        fits = run.encoder.getUncompressedSize();
        if (fed == srcLen) {
          int n = run.finish(dst, dstOff, dstSize);
          if (n >= 0) {
            return new Fit(srcLen, n);
          }
        }
      }
    }
    return search.search(
        srcLen,
        dstSize,
        Math.max(fits, 1),
        Math.max(8, dstSize / 32),
        (prefix, out, limit) -> compress(src, srcOff, prefix, out, 0, limit),
        dst,
        dstOff);
  }

  /** One LZMA stream being encoded into a buffer. */
  private final class Run implements AutoCloseable {
    final RangeEncoderToBuffer rc;
    final LZMAEncoder encoder;
    final LZEncoder lz;

    Run(int bufferSize) {
      rc = new RangeEncoderToBuffer(bufferSize, cache);
      encoder =
          LZMAEncoder.getInstance(
              rc,
              options.getLc(),
              options.getLp(),
              options.getPb(),
              options.getMode(),
              options.getDictSize(),
              0,
              options.getNiceLen(),
              options.getMatchFinder(),
              options.getDepthLimit(),
              cache);
      lz = encoder.getLZEncoder();
    }

    void feed(byte[] src, int off, int len) {
      try {
        while (len > 0) {
          int n = lz.fillWindow(src, off, len);
          off += n;
          len -= n;
          encoder.encodeForLZMA1();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("LZMA into memory", e);
      }
    }

    /** Ends the stream; returns its size, or -1 (nothing copied) when it exceeds the limit. */
    int finish(byte[] dst, int dstOff, int limit) {
      try {
        lz.setFinishing();
        encoder.encodeForLZMA1();
        if (rc.getPendingSize() > limit) {
          return -1;
        }
        int n = rc.finish();
        rc.write(new ArrayOutput(dst, dstOff));
        // raw LZMA starts with the range coder's 0 byte; MicroLZMA puts ~properties there
        dst[dstOff] = (byte) ~properties();
        return n;
      } catch (IOException e) {
        throw new UncheckedIOException("LZMA into memory", e);
      }
    }

    @Override
    public void close() {
      encoder.putArraysToCache(cache);
      rc.putArraysToCache(cache);
    }
  }

  /** Copies what the range coder writes into an array. */
  private static final class ArrayOutput extends java.io.OutputStream {
    private final byte[] buf;
    private int pos;

    ArrayOutput(byte[] buf, int pos) {
      this.buf = buf;
      this.pos = pos;
    }

    @Override
    public void write(int b) {
      buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, buf, pos, len);
      pos += len;
    }
  }
}
