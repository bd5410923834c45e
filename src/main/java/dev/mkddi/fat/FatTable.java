package dev.mkddi.fat;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Streams a file allocation table from the contiguous runs of a {@link FatLayout}: entry 0 holds
 * the media byte, entry 1 all ones, each run links cluster to cluster and ends with end-of-chain,
 * free clusters are 0. FAT16/32 are written in chunks; a FAT12 (at most 6 KiB of entries) is built
 * whole.
 */
final class FatTable {
  private static final int CHUNK_ENTRIES = 16384;

  /** End-of-chain marker as mkfs.fat writes it (masked to the entry width). */
  private static final long END_OF_CHAIN = 0x0FFFFFF8L;

  private final FatGeometry geometry;
  private final List<FatLayout.Extent> extents;
  private final long mask;
  private int run;

  FatTable(FatLayout layout) {
    this.geometry = layout.geometry();
    this.extents = layout.extents();
    this.mask =
        geometry.type() == FatType.FAT12
            ? 0xFFF
            : geometry.type() == FatType.FAT16 ? 0xFFFF : 0x0FFFFFFF;
  }

  /**
   * Writes one copy of the FAT, padded with zeros to its full length.
   *
   * @param ch the channel
   * @param position absolute offset of this FAT copy
   * @throws IOException on a write failure
   */
  void write(FileChannel ch, long position) throws IOException {
    run = 0;
    long bytes = geometry.sectorOffset(geometry.fatSectors());
    long entries = geometry.clusterCount() + FatConstants.FIRST_CLUSTER;
    long written;
    if (geometry.type() == FatType.FAT12) {
      ByteBuffer b = LittleEndian.allocate((int) ((entries * 3 + 1) / 2));
      for (int c = 0; c < entries; c++) {
        int v = (int) entry(c);
        int off = c * 3 / 2;
        if ((c & 1) == 0) {
          b.put(off, (byte) v);
          b.put(off + 1, (byte) ((b.get(off + 1) & 0xF0) | (v >> 8)));
        } else {
          b.put(off, (byte) ((b.get(off) & 0x0F) | ((v & 0xF) << 4)));
          b.put(off + 1, (byte) (v >> 4));
        }
      }
      PositionalIo.writeFully(ch, b, position);
      written = b.capacity();
    } else {
      int width = geometry.type() == FatType.FAT16 ? 2 : 4;
      ByteBuffer b = LittleEndian.allocate(CHUNK_ENTRIES * width);
      long c = 0;
      while (c < entries) {
        b.clear();
        int n = (int) Math.min(CHUNK_ENTRIES, entries - c);
        for (int i = 0; i < n; i++, c++) {
          if (width == 2) {
            b.putShort((short) entry(c));
          } else {
            b.putInt((int) entry(c));
          }
        }
        b.flip();
        PositionalIo.writeFully(ch, b, position + (c - n) * width);
      }
      written = entries * width;
    }
    PositionalIo.writeZeros(ch, position + written, bytes - written);
  }

  /** The value of entry {@code c}; clusters must be asked for in increasing order. */
  private long entry(long c) {
    if (c == 0) {
      return (mask & ~0xFFL) | FatConstants.MEDIA_FIXED_DISK;
    }
    if (c == 1) {
      return mask;
    }
    while (run < extents.size()) {
      FatLayout.Extent e = extents.get(run);
      if (e.count() == 0 || c >= e.first() + e.count()) {
        run++;
        continue;
      }
      if (c < e.first()) {
        return 0;
      }
      return c == e.first() + e.count() - 1 ? mask & END_OF_CHAIN : c + 1;
    }
    return 0;
  }
}
