package dev.mkddi.initrd;

import dev.mkddi.compress.CompressedDataException;
import dev.mkddi.compress.Lz4Decompressor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Decompresses LZ4's legacy frame format, the one the kernel's {@code unlz4} reads and {@code lz4
 * -l} writes (initramfs-tools' and dracut's lz4): the magic 0x184C2102 (little-endian), then blocks
 * of a 4-byte little-endian compressed size and an LZ4 block that decodes to at most 8 MiB; the
 * magic may appear again between blocks (concatenated streams). The blocks are decoded by mkddi's
 * own LZ4 decoder. Holds one block in and out (at most 16 MiB). Not thread-safe.
 */
final class Lz4LegacyInputStream extends BlockInputStream {
  /** The legacy frame's magic number. */
  static final int MAGIC = 0x184C2102;

  /** What one block decodes to at most (LZ4_DEFAULT_UNCOMPRESSED_CHUNK_SIZE). */
  static final int BLOCK_SIZE = 8 << 20;

  /** LZ4_COMPRESSBOUND of a block: the largest compressed block. */
  static final int MAX_COMPRESSED = BLOCK_SIZE + BLOCK_SIZE / 255 + 16;

  private final InputStream in;
  private final byte[] out = new byte[BLOCK_SIZE];
  private byte[] compressed = new byte[0];
  private int position;
  private int length;
  private long blockAt = 4;

  Lz4LegacyInputStream(InputStream in) throws IOException {
    this.in = in;
    Integer magic = readInt();
    if (magic == null || magic != MAGIC) {
      throw new CompressedDataException("lz4: not a legacy frame (lz4 -l): bad magic number");
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position == length) {
      if (!nextBlock()) {
        return -1;
      }
    }
    int n = Math.min(len, length - position);
    System.arraycopy(out, position, b, off, n);
    position += n;
    return n;
  }

  private boolean nextBlock() throws IOException {
    Integer size = readInt();
    if (size == null) {
      return false;
    }
    blockAt += 4;
    if (size == MAGIC) {
      return true; // a concatenated stream: its blocks follow
    }
    if (size <= 0 || size > MAX_COMPRESSED) {
      throw new CompressedDataException(
          "lz4: block at byte "
              + (blockAt - 4)
              + " of the stream: compressed size "
              + Integer.toUnsignedString(size)
              + " is not 1 to "
              + MAX_COMPRESSED);
    }
    if (compressed.length < size) {
      compressed = new byte[size];
    }
    if (in.readNBytes(compressed, 0, size) < size) {
      throw new EOFException("lz4: block at byte " + (blockAt - 4) + " is truncated");
    }
    try {
      length = Lz4Decompressor.decompress(compressed, 0, size, out, 0, BLOCK_SIZE);
    } catch (CompressedDataException e) {
      throw new CompressedDataException(
          "lz4: block at byte " + (blockAt - 4) + " of the stream: " + e.getMessage(), e);
    }
    position = 0;
    blockAt += size;
    return true;
  }

  /** The next little-endian int, or null at the end of the stream. */
  private @Nullable Integer readInt() throws IOException {
    byte[] b = new byte[4];
    int n = in.readNBytes(b, 0, 4);
    if (n == 0) {
      return null;
    }
    if (n < 4) {
      throw new EOFException("lz4: the stream ends within a block size");
    }
    return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
  }
}
