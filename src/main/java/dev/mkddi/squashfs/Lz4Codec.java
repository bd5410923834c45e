package dev.mkddi.squashfs;

import dev.mkddi.compress.BlockCompressor;
import dev.mkddi.compress.CompressedDataException;
import dev.mkddi.compress.Lz4Compressor;
import dev.mkddi.compress.Lz4Decompressor;
import dev.mkddi.compress.Lz4HcCompressor;
import dev.mkddi.io.LittleEndian;
import java.io.IOException;

/**
 * squashfs's lz4: each block is one raw LZ4 block (squashfs-tools' "legacy" format, what the
 * kernel's {@code LZ4_decompress_safe} reads), from the shared LZ4 encoders: the fast one, or with
 * high compression LZ4 HC at a level (mksquashfs: always 12). The compressor options, which the
 * kernel requires, are always stored: version 1, flags 1 with high compression. A level other than
 * 12 is not recorded there: squashfs-tools up to 4.7 refuse any other flags, and decoding does not
 * need it. Stateless.
 */
final class Lz4Codec {
  /** struct lz4_comp_opts: version, flags. */
  static final int OPTIONS_SIZE = 8;

  /** The only stream format: LZ4 blocks. */
  static final int LZ4_LEGACY = 1;

  /** Flag: high compression. */
  static final int LZ4_HC = 1;

  private Lz4Codec() {}

  static byte[] options(SquashfsCompression c) {
    return LittleEndian.allocate(OPTIONS_SIZE)
        .putInt(LZ4_LEGACY)
        .putInt(c.highCompression() ? LZ4_HC : 0)
        .array();
  }

  /** One thread's LZ4 encoder. */
  static final class Encoder implements BlockEncoder {
    private final BlockCompressor lz4;

    Encoder(SquashfsCompression c) {
      lz4 = c.highCompression() ? new Lz4HcCompressor(c.effectiveLevel()) : new Lz4Compressor();
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dst) {
      return lz4.compress(src, offset, length, dst, 0, length - 1);
    }
  }

  /** Decodes one LZ4 block per squashfs block, with the kernel's bounds checks. */
  static final class Decoder implements BlockDecoder {
    @Override
    public int decompress(byte[] src, int offset, int length, byte[] dst, int max)
        throws IOException {
      try {
        return Lz4Decompressor.decompress(src, offset, length, dst, 0, max);
      } catch (CompressedDataException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }
}
