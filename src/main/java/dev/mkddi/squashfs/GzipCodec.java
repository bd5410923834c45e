package dev.mkddi.squashfs;

import dev.mkddi.io.LittleEndian;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * squashfs's "gzip": each block is one zlib stream (RFC 1950 header, deflate, Adler-32), the format
 * of zlib's {@code compress2}, made with the JDK's {@link Deflater} at a 32 KiB window and the
 * default strategy. The compressor options (level, window bits, strategies) are stored only when
 * the level is not mksquashfs's default 9. Stateless.
 */
final class GzipCodec {
  /** Window bits of zlib's default window, the only one the JDK's Deflater uses. */
  static final int WINDOW_BITS = 15;

  /** struct gzip_comp_opts: compression_level (4), window_size (2), strategy (2). */
  static final int OPTIONS_SIZE = 8;

  private GzipCodec() {}

  static byte[] options(SquashfsCompression c) {
    int level = c.effectiveLevel();
    if (level == SquashfsCompressor.GZIP.defaultLevel()) {
      return new byte[0];
    }
    ByteBuffer b = LittleEndian.allocate(OPTIONS_SIZE);
    b.putInt(level).putShort((short) WINDOW_BITS).putShort((short) 0);
    return b.array();
  }

  /** One thread's deflater. */
  static final class Encoder implements BlockEncoder {
    private final Deflater deflater;

    Encoder(int level) {
      deflater = new Deflater(level, false);
    }

    @Override
    public int compress(byte[] src, int offset, int length, byte[] dst) {
      deflater.reset();
      deflater.setInput(src, offset, length);
      deflater.finish();
      int n = 0;
      while (!deflater.finished() && n < length) {
        n += deflater.deflate(dst, n, length - n);
      }
      return deflater.finished() && n < length ? n : -1;
    }

    @Override
    public void close() {
      deflater.end();
    }
  }

  /** One reader's inflater. */
  static final class Decoder implements BlockDecoder {
    private final Inflater inflater = new Inflater(false);

    @Override
    public int decompress(byte[] src, int offset, int length, byte[] dst, int max)
        throws IOException {
      inflater.reset();
      inflater.setInput(src, offset, length);
      int n = 0;
      try {
        while (!inflater.finished() && n < max) {
          int got = inflater.inflate(dst, n, max - n);
          if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            throw new IOException("truncated zlib stream");
          }
          n += got;
        }
      } catch (DataFormatException e) {
        throw new IOException("invalid zlib stream: " + e.getMessage(), e);
      }
      if (!inflater.finished()) {
        throw new IOException("zlib stream holds more than " + max + " bytes");
      }
      return n;
    }

    @Override
    public void close() {
      inflater.end();
    }
  }
}
