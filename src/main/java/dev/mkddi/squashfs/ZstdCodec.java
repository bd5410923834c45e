package dev.mkddi.squashfs;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.mkddi.io.LittleEndian;
import java.io.IOException;

/**
 * squashfs's zstd: each block is one Zstandard frame (with its content size, without checksum, as
 * {@code ZSTD_compressCCtx} makes it), through zstd-jni. The options (the level) are stored only
 * when the level is not mksquashfs's default 15. Stateless.
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

  /** One thread's compression context. */
  static final class Compressor implements BlockCompressor {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx();

    Compressor(int level) {
      ctx.setLevel(level);
      ctx.setChecksum(false);
      ctx.setContentSize(true);
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dst) {
      int n;
      try {
        n = ctx.compressByteArray(dst, 0, length, src, offset, length);
      } catch (ZstdException e) {
        return -1; // the frame does not fit in the block: store it uncompressed
      }
      return n < length ? n : -1;
    }

    @Override
    public void close() {
      ctx.close();
    }
  }

  /** Decompresses one frame per block. */
  static final class Decompressor implements BlockDecompressor {
    @Override
    public int decompress(byte[] src, int offset, int length, byte[] dst, int max)
        throws IOException {
      long n = Zstd.decompressByteArray(dst, 0, max, src, offset, length);
      if (Zstd.isError(n)) {
        throw new IOException("invalid zstd frame: " + Zstd.getErrorName(n));
      }
      return (int) n;
    }
  }
}
