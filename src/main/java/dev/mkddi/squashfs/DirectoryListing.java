package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one directory's listing as mksquashfs does: runs of entries under a header that names the
 * inode table block they share and a base inode number. A new header starts when 256 entries share
 * one, when the inode block changes, when an inode number is more than a signed 16-bit step from
 * the base, or when the listing has grown by more than 8 KiB since the last index point; in that
 * last case the header also gets an index entry (its offset and first name), so lookups in a large
 * directory read one metadata block. Not thread-safe.
 */
final class DirectoryListing {
  /** One directory index entry: a header's offset in the listing and its first name. */
  record Index(int offset, byte[] name) {}

  private ByteBuffer buf = LittleEndian.allocate(METADATA_SIZE);
  private final List<Index> index = new ArrayList<>();
  private int headerAt = -1;
  private int count = DIR_COUNT;
  private long headerBlock;
  private long headerNumber;
  private int indexPoint;

  /**
   * @param ref the entry's inode reference
   * @param number the entry's inode number
   * @param type the entry's basic inode type
   * @param name the name, 1 to 256 bytes
   */
  void add(long ref, long number, int type, byte[] name) {
    long block = ref >>> 16;
    int size = DIR_ENTRY_SIZE + name.length;
    boolean crosses = headerAt >= 0 && buf.position() + size - indexPoint > METADATA_SIZE;
    long delta = number - headerNumber;
    if (count == DIR_COUNT
        || block != headerBlock
        || crosses
        || delta > Short.MAX_VALUE
        || delta < Short.MIN_VALUE) {
      if (headerAt >= 0) {
        if (crosses) {
          index.add(new Index(buf.position(), name));
          indexPoint = buf.position();
        }
        closeHeader();
      }
      ensure(DIR_HEADER_SIZE);
      headerAt = buf.position();
      buf.position(headerAt + DIR_HEADER_SIZE);
      headerBlock = block;
      headerNumber = number;
      count = 0;
      delta = 0;
    }
    ensure(size);
    buf.putShort((short) (ref & 0xFFFF))
        .putShort((short) delta)
        .putShort((short) type)
        .putShort((short) (name.length - 1))
        .put(name);
    count++;
  }

  private void closeHeader() {
    buf.putInt(headerAt, count - 1)
        .putInt(headerAt + 4, (int) headerBlock)
        .putInt(headerAt + 8, (int) headerNumber);
  }

  private void ensure(int more) {
    if (buf.remaining() < more) {
      ByteBuffer bigger =
          LittleEndian.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }

  /**
   * @return the listing's bytes (empty for an empty directory)
   */
  byte[] finish() {
    if (headerAt >= 0) {
      closeHeader();
    }
    byte[] out = new byte[buf.position()];
    buf.get(0, out);
    return out;
  }

  /**
   * @return the index entries, in listing order
   */
  List<Index> index() {
    return List.copyOf(index);
  }
}
