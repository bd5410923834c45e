package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends the tables that follow the data area, each at the current position of the image: raw
 * bytes (a compressed metadata table), or an indexed table as mksquashfs's generic_write_table
 * writes it (its entries in compressed 8 KiB metadata blocks, an optional header, then the
 * positions of those blocks). Not thread-safe.
 */
final class TableWriter {
  private final FileChannel out;
  private final long base;
  private final BlockEncoder compressor;
  private long position;

  /**
   * @param out the image's channel
   * @param base where the image starts in {@code out}
   * @param position where the next table goes, from the image's start
   * @param compressor the metadata compressor
   */
  TableWriter(FileChannel out, long base, long position, BlockEncoder compressor) {
    this.out = out;
    this.base = base;
    this.position = position;
    this.compressor = compressor;
  }

  long position() {
    return position;
  }

  /**
   * @param bytes bytes to append
   * @return where they start
   * @throws IOException on a write failure
   */
  long raw(byte[] bytes) throws IOException {
    long at = position;
    PositionalIo.writeFully(out, ByteBuffer.wrap(bytes), base + position);
    position += bytes.length;
    return at;
  }

  /**
   * @param entries the table's entries, uncompressed
   * @param header bytes between the blocks and the index (the xattr id table's header), or empty
   * @return where the header (or, without one, the index) starts: the superblock's pointer
   * @throws IOException on a write failure
   */
  long indexed(byte[] entries, byte[] header) throws IOException {
    MetadataWriter blocks = new MetadataWriter(compressor);
    blocks.write(entries);
    long first = raw(blocks.finish());
    long[] starts = blocks.blockStarts();
    long at = raw(header);
    ByteBuffer index = LittleEndian.allocate(Math.multiplyExact(starts.length, 8));
    for (long s : starts) {
      index.putLong(first + s);
    }
    raw(index.array());
    return at;
  }
}
