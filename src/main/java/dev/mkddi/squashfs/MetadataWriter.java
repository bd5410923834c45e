package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds one metadata table (inodes, directories, xattrs, or an index table's entries) in memory:
 * bytes are appended to 8 KiB blocks, and each full block is compressed at once (stored as it is
 * when compression does not make it smaller) behind its 2-byte length header. A reference to a
 * position is the compressed offset of its block from the table's start, shifted left 16, plus the
 * offset in the block; it is known as soon as the position is written, because every earlier block
 * is already compressed. Not thread-safe.
 */
final class MetadataWriter {
  private final BlockEncoder compressor;
  private final byte[] block = new byte[METADATA_SIZE];
  private final byte[] packed = new byte[METADATA_SIZE];
  private int fill;
  private byte[] out = new byte[METADATA_SIZE];
  private int outSize;
  private long[] starts = new long[16];
  private int blocks;

  /**
   * @param compressor the metadata compressor (owned by the caller)
   */
  MetadataWriter(BlockEncoder compressor) {
    this.compressor = compressor;
  }

  /**
   * @return the uncompressed length written so far
   */
  long position() {
    return (long) blocks * METADATA_SIZE + fill;
  }

  /**
   * @return the reference of the next byte written
   */
  long ref() {
    return ((long) outSize << 16) | fill;
  }

  /**
   * @param position an uncompressed position up to {@link #position()}
   * @return the compressed offset (from the table's start) of the block holding it
   */
  long blockStart(long position) {
    long index = position / METADATA_SIZE;
    if (index < blocks) {
      return starts[(int) index];
    }
    if (index == blocks) {
      return outSize;
    }
    throw new IllegalArgumentException("position " + position + " not written yet");
  }

  void write(byte[] b) {
    write(b, 0, b.length);
  }

  void write(byte[] b, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, METADATA_SIZE - fill);
      System.arraycopy(b, off, block, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == METADATA_SIZE) {
        flushBlock();
      }
    }
  }

  /**
   * Appends the bytes from the buffer's position to its limit.
   *
   * @param b a buffer; its position advances to its limit
   */
  void write(ByteBuffer b) {
    if (b.hasArray()) {
      write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      b.position(b.limit());
    } else {
      byte[] copy = new byte[b.remaining()];
      b.get(copy);
      write(copy);
    }
  }

  private void flushBlock() {
    if (blocks == starts.length) {
      starts = Arrays.copyOf(starts, blocks * 2);
    }
    starts[blocks++] = outSize;
    int n = compressor.compress(block, 0, fill, packed);
    int header = n >= 0 ? n : fill | METADATA_UNCOMPRESSED;
    int stored = n >= 0 ? n : fill;
    ensure(METADATA_HEADER + stored);
    out[outSize] = (byte) header;
    out[outSize + 1] = (byte) (header >>> 8);
    System.arraycopy(n >= 0 ? packed : block, 0, out, outSize + METADATA_HEADER, stored);
    outSize += METADATA_HEADER + stored;
    fill = 0;
  }

  private void ensure(int more) {
    if (outSize + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outSize + more));
    }
  }

  /**
   * Compresses the last, partial block and returns the whole table.
   *
   * @return the compressed table: every block with its length header
   */
  byte[] finish() {
    if (fill > 0) {
      flushBlock();
    }
    return Arrays.copyOf(out, outSize);
  }

  /**
   * @return the offsets of every block from the table's start (after {@link #finish()})
   */
  long[] blockStarts() {
    return Arrays.copyOf(starts, blocks);
  }

  /**
   * @return the compressed length of the blocks done so far
   */
  long compressedSize() {
    return outSize;
  }
}
