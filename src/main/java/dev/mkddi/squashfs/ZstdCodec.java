package dev.mkddi.squashfs;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import dev.mkddi.compress.ZstdCompressor;
import dev.mkddi.io.LittleEndian;
import java.io.IOException;

/**
 * squashfs's zstd: each block is one Zstandard frame (with its content size, without checksum, as
 * {@code ZSTD_compressCCtx} makes it), through the shared {@link ZstdCompressor}. The options (the
 * level) are stored only when the level is not mksquashfs's default 15. Stateless.
 */
final class ZstdCodec {
  /** struct zstd_comp_opts: compression_level. */
  static final int OPTIONS_SIZE = 4;

  private ZstdCodec() {}

  static byte[] options(SquashfsCompression c) {
    int level = c.effectiveLevel();
    if (level == SquashfsCompressor.ZSTD.defaultLevel()) {
      return new byte[0];
    }
    return LittleEndian.allocate(OPTIONS_SIZE).putInt(level).array();
  }

  /** One thread's compression context; the window is the block (zstd shrinks it to the input). */
  static final class Encoder implements BlockEncoder {
    private final ZstdCompressor zstd;

    Encoder(int level, int blockSize) {
      zstd = new ZstdCompressor(level, Integer.numberOfTrailingZeros(blockSize));
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dst) {
      return zstd.compress(src, offset, length, dst, 0, length - 1);
    }

    @Override
    public void close() {
      zstd.close();
    }
  }

  /** Decompresses one frame per block. */
  static final class Decoder implements BlockDecoder {
    @Override
    public int decompress(byte[] src, int offset, int length, byte[] dst, int max)
        throws IOException {
      long n;
      try {
        n = Zstd.decompressByteArray(dst, 0, max, src, offset, length);
      } catch (ZstdException e) {
        // zstd-jni throws on corrupt input (older versions returned an error code)
        throw new IOException("invalid zstd frame: " + e.getMessage(), e);
      }
      if (Zstd.isError(n)) {
        throw new IOException("invalid zstd frame: " + Zstd.getErrorName(n));
      }
      return (int) n;
    }
  }
}
