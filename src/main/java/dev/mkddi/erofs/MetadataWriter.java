package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.Channels;
import dev.mkddi.io.LittleEndian;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Streams the metadata area (superblock, inodes, xattrs, inline tails) through a 1 MiB buffer
 * written in increasing order; gaps are zeros. When the first chunk is flushed, block 0 is
 * complete and its superblock checksum is filled in, so the image is never read back. Not
 * thread-safe.
 */
final class MetadataWriter {
  private static final int CHUNK = 1 << 20;
  private final FileChannel ch;
  private final long imageOffset;
  private final long end;
  private final ByteBuffer buf = LittleEndian.allocate(CHUNK);
  private long chunkStart;

  /**
   * @param ch the output
   * @param imageOffset where the image starts in {@code ch}
   * @param end length of the metadata area (a multiple of the block size)
   */
  MetadataWriter(FileChannel ch, long imageOffset, long end) {
    this.ch = ch;
    this.imageOffset = imageOffset;
    this.end = end;
  }

  /**
   * @param offset byte offset in the image, not before earlier calls' ranges
   * @param length bytes to be written there, within one block
   * @return the buffer, positioned at {@code offset}; put the bytes with relative puts
   * @throws IOException when flushing a finished chunk fails
   */
  ByteBuffer at(long offset, int length) throws IOException {
    if (offset < chunkStart) {
      throw new IllegalStateException("metadata written out of order at " + offset);
    }
    while (offset + length > chunkStart + CHUNK) {
      flush();
    }
    buf.limit(CHUNK).position((int) (offset - chunkStart));
    return buf;
  }

  /**
   * Writes what is left, up to the end of the metadata area.
   *
   * @throws IOException on a write failure
   */
  void finish() throws IOException {
    while (chunkStart < end) {
      flush();
    }
  }

  private void flush() throws IOException {
    int length = (int) Math.min(CHUNK, end - chunkStart);
    if (chunkStart == 0) {
      int sum = Superblock.checksum(Arrays.copyOf(buf.array(), BLOCK_SIZE));
      buf.putInt(SUPERBLOCK_OFFSET + SB_CHECKSUM, sum);
    }
    if (length > 0) {
      Channels.writeFully(ch, ByteBuffer.wrap(buf.array(), 0, length), imageOffset + chunkStart);
    }
    Arrays.fill(buf.array(), (byte) 0);
    chunkStart += CHUNK;
  }
}
