package dev.mkddi.squashfs;

import dev.mkddi.io.LittleEndian;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * squashfs's xz: each block is one .xz stream with a CRC32 check, as liblzma's {@code
 * lzma_stream_buffer_encode} makes it for mksquashfs: LZMA2 at the preset (mksquashfs: always 6),
 * with a dictionary of the block size for data blocks and 8 KiB for metadata, and for data blocks
 * optionally a BCJ filter in front (each selected filter is tried, and no filter, and the smallest
 * stream wins; ties go to the earlier, no filter first; a filter that cannot change the block is
 * not tried, see {@link XzFilter#mayChange}). The options (dictionary size and the filters' bits)
 * are stored only when they differ from a dictionary of the block size and no filter. Without a
 * level, the LZMA2 options are preset 6 with a faster match finder ({@link #DEFAULT_NICE_LENGTH}),
 * and {@link XzBlockProbe} chooses per data block: blocks it finds incompressible are stored
 * without running LZMA2 over them, and blocks where the normal mode's optimal parse gains little
 * are coded in fast mode ({@link #fastOptions}); on /usr/share the stored blocks save ~9 % of the
 * encoder's CPU for 504 bytes, the fast ones about 13 % more (block statistics included) for 0.18 %
 * more bytes. With a level every block goes through the encoder at that preset, so the bytes are
 * the preset's. Stateless.
 */
final class XzCodec {
  /** struct comp_opts of xz_wrapper.h: dictionary_size, flags. */
  static final int OPTIONS_SIZE = 8;

  /** The dictionary of metadata blocks (squashfs-tools and the kernel assume it). */
  static final int METADATA_DICTIONARY = SquashfsConstants.METADATA_SIZE;

  /**
   * The nice length of the default options. XZ for Java's LZMA encoder needs ~1.7x liblzma's CPU at
   * the same options (preset 6: binary-tree match finder BT4, nice length 64); a hash-chain match
   * finder (HC4) with a short nice length and a deeper search ({@link #DEFAULT_DEPTH}) brings it
   * below liblzma's. Measured on 129 MB of /usr/share (vim, locale/de, locale/ja, perl, 20 MB of a
   * tsv, 43 MB of .gz) in 128 KiB blocks, one thread, size and CPU against preset 6: BT4 nice 32
   * +0.17 %, -17 %; BT4 nice 16 +0.71 %, -28 %; HC4 nice 32 +0.82 %, -30 %; HC4 nice 24 +1.05 %,
   * -39 %; HC4 nice 16 +1.52 %, -44 % (HC4's default depth: 4 + nice / 4; liblzma preset 6 on the
   * same blocks: -42 % CPU). The depth matters as much: on every third block of /usr/share with an
   * order-0 entropy below 7.9 bits per byte (1452 blocks, 163 MB), against HC4 nice 24 depth 10:
   * nice 16 depth 24 -0.08 % size, -7.2 % CPU; nice 15 depth 32 -0.05 %, -7.7 %; nice 14 depth 48
   * +0.01 %, -8.6 % (on every tenth such block: nice 24 depth 16 -0.52 %, +3 %; nice 20 depth 32
   * -0.74 %, +4 %; nice 12 depth 64 +0.55 %, -15 %).
   */
  static final int DEFAULT_NICE_LENGTH = 16;

  /** The HC4 search depth of the default options (see {@link #DEFAULT_NICE_LENGTH}). */
  static final int DEFAULT_DEPTH = 24;

  /**
   * The nice length of the fast mode's options: the longest match it looks for (the fast mode takes
   * the longest match it finds, so a long nice length costs little; nice 64 with depth 48: 0.19 %
   * larger on the blocks {@link XzBlockProbe} sends to it, 5 % faster).
   */
  static final int FAST_NICE_LENGTH = 273;

  private XzCodec() {}

  /**
   * @param preset the LZMA2 preset
   * @param levelGiven whether the preset was asked for; else the default options
   * @return the LZMA2 options of the preset; without a level, preset 6 with HC4, {@link
   *     #DEFAULT_NICE_LENGTH} and {@link #DEFAULT_DEPTH}
   */
  static LZMA2Options lzma2Options(int preset, boolean levelGiven) {
    try {
      LZMA2Options o = new LZMA2Options(preset);
      if (!levelGiven) {
        o.setMatchFinder(LZMA2Options.MF_HC4);
        o.setNiceLen(DEFAULT_NICE_LENGTH);
        o.setDepthLimit(DEFAULT_DEPTH);
      }
      return o;
    } catch (UnsupportedOptionsException e) {
      throw new IllegalArgumentException("xz preset " + preset + ": " + e.getMessage(), e);
    }
  }

  /**
   * @return the LZMA2 options of the blocks {@link XzBlockProbe} codes in fast mode: preset 6 in
   *     fast mode with HC4, {@link #FAST_NICE_LENGTH} and HC4's default depth (4 + nice / 4 = 72)
   */
  static LZMA2Options fastOptions() {
    LZMA2Options o = lzma2Options(6, true);
    try {
      o.setMode(LZMA2Options.MODE_FAST);
      o.setMatchFinder(LZMA2Options.MF_HC4);
      o.setNiceLen(FAST_NICE_LENGTH);
      o.setDepthLimit(0);
    } catch (UnsupportedOptionsException e) {
      throw new IllegalStateException("xz fast options: " + e.getMessage(), e);
    }
    return o;
  }

  static byte[] options(SquashfsCompression c, int blockSize) {
    int dictionary = c.dictionaryFor(blockSize);
    if (dictionary == blockSize && c.filters().isEmpty()) {
      return new byte[0];
    }
    int flags = 0;
    for (XzFilter f : c.filters()) {
      flags |= f.flag();
    }
    ByteBuffer b = LittleEndian.allocate(OPTIONS_SIZE);
    return b.putInt(dictionary).putInt(flags).array();
  }

  /**
   * @param options the stored compressor options (empty for the defaults)
   * @param blockSize the block size
   * @return the data dictionary size they declare
   * @throws IOException when they are malformed
   */
  static int dictionary(byte[] options, int blockSize) throws IOException {
    if (options.length == 0) {
      return blockSize;
    }
    if (options.length != OPTIONS_SIZE) {
      throw new IOException("xz options of " + options.length + " bytes, expected 8");
    }
    int d = LittleEndian.wrap(options).getInt(0);
    int n = Integer.numberOfTrailingZeros(d);
    if (d <= 0 || (d != 1 << n && d != (1 << n) + (1 << (n + 1)))) {
      throw new IOException("xz dictionary size " + d + " is not 2^n or 2^n+2^(n+1)");
    }
    return d;
  }

  /** One thread's encoders: one filter chain per candidate, in the normal and the fast mode. */
  static final class Encoder implements BlockEncoder {
    private final FilterOptions[][] chains;
    private final FilterOptions[][] fastChains;
    private final List<XzFilter> filters;
    private final ArrayCache cache = new BasicArrayCache();
    private final Bounded out = new Bounded();
    private final @Nullable XzBlockProbe probe;
    private byte[] scratch = new byte[0];

    /**
     * @param preset the LZMA2 preset
     * @param levelGiven whether the preset was asked for (else preset 6 with HC4)
     * @param dictionary the LZMA2 dictionary size
     * @param filters BCJ filters to try besides none
     * @param graded whether {@link XzBlockProbe} chooses per block: stored, fast mode or the
     *     options (data blocks without a level); else every block is coded with the options
     */
    Encoder(
        int preset, boolean levelGiven, int dictionary, List<XzFilter> filters, boolean graded) {
      this.probe = graded ? new XzBlockProbe() : null;
      this.filters = List.copyOf(filters);
      chains = chains(lzma2Options(preset, levelGiven), dictionary, this.filters);
      fastChains = chains(fastOptions(), dictionary, this.filters);
    }

    private static FilterOptions[][] chains(
        LZMA2Options lzma2, int dictionary, List<XzFilter> filters) {
      try {
        lzma2.setDictSize(dictionary);
      } catch (UnsupportedOptionsException e) {
        throw new IllegalArgumentException(
            "xz dictionary " + dictionary + ": " + e.getMessage(), e);
      }
      FilterOptions[][] made = new FilterOptions[1 + filters.size()][];
      made[0] = new FilterOptions[] {lzma2};
      for (int i = 0; i < filters.size(); i++) {
        made[i + 1] = new FilterOptions[] {filters.get(i).options(), lzma2};
      }
      return made;
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dst) {
      XzBlockProbe.Coding coding =
          probe == null ? XzBlockProbe.Coding.NORMAL : probe.choose(src, offset, length);
      if (coding == XzBlockProbe.Coding.STORED) {
        return -1;
      }
      FilterOptions[][] candidates = coding == XzBlockProbe.Coding.FAST ? fastChains : chains;
      int best = -1;
      for (int c = 0; c < candidates.length; c++) {
        FilterOptions[] chain = candidates[c];
        if (c > 0 && !filters.get(c - 1).mayChange(src, offset, length)) {
          continue;
        }
        byte[] target = best < 0 ? dst : scratch(length);
        int n = encode(chain, src, offset, length, target);
        if (n >= 0 && (best < 0 || n < best)) {
          if (target != dst) {
            System.arraycopy(target, 0, dst, 0, n);
          }
          best = n;
        }
      }
      return best;
    }

    private byte[] scratch(int length) {
      if (scratch.length < length) {
        scratch = new byte[length];
      }
      return scratch;
    }

    /** The stream length if it is shorter than {@code length}, else -1. */
    private int encode(FilterOptions[] chain, byte[] src, int offset, int length, byte[] target) {
      out.reset(target, length - 1);
      try (XZOutputStream xz = new XZOutputStream(out, chain, XZ.CHECK_CRC32, cache)) {
        xz.write(src, offset, length);
        xz.finish();
      } catch (IOException e) {
        throw new IllegalStateException("xz encoder failed in memory", e);
      }
      return out.overflowed() ? -1 : out.count();
    }
  }

  /**
   * Writes into an array up to a limit and only counts what goes beyond, so an incompressible block
   * runs the encoder to its end without an exception (which would lose the cached encoder arrays).
   */
  private static final class Bounded extends OutputStream {
    private byte[] buf = new byte[0];
    private int limit;
    private long count;

    void reset(byte[] target, int max) {
      buf = target;
      limit = max;
      count = 0;
    }

    boolean overflowed() {
      return count > limit;
    }

    int count() {
      return (int) count;
    }

    @Override
    public void write(int b) {
      if (count < limit) {
        buf[(int) count] = (byte) b;
      }
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count < limit) {
        System.arraycopy(b, off, buf, (int) count, (int) Math.min(len, limit - count));
      }
      count += len;
    }
  }

  /** Decodes one .xz stream per block. */
  static final class Decoder implements BlockDecoder {
    private final ArrayCache cache = new BasicArrayCache();

    @Override
    public int decompress(byte[] src, int offset, int length, byte[] dst, int max)
        throws IOException {
      try (SingleXZInputStream in =
          new SingleXZInputStream(new ByteArrayInputStream(src, offset, length), -1, true, cache)) {
        int n = in.readNBytes(dst, 0, max);
        if (in.read() >= 0) {
          throw new IOException("xz stream holds more than " + max + " bytes");
        }
        return n;
      }
    }
  }
}
