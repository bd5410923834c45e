package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads an inode's extent tree (any depth, each node block's checksum verified) into a flat list of
 * extents, and maps logical blocks through it. Stateless.
 */
final class ExtentMap {
  private ExtentMap() {}

  /**
   * @param r the reader
   * @param ino the inode number
   * @param inode the inode
   * @return its extents as triples (logical, physical, length), in logical order
   * @throws IOException when a tree block cannot be read or is invalid
   */
  static long[] extents(Ext4Reader r, long ino, Inode inode) throws IOException {
    if ((inode.flags() & EXT4_EXTENTS_FL) == 0) {
      return new long[0];
    }
    long[][] out = {new long[12]};
    int[] n = {0};
    walk(r, ino, LittleEndian.wrap(inode.block()), -1, out, n, EXTENTS_IN_INODE);
    return Arrays.copyOf(out[0], n[0]);
  }

  private static void walk(
      Ext4Reader r, long ino, ByteBuffer node, long at, long[][] out, int[] n, int max)
      throws IOException {
    if (node.getShort(0) != EXTENT_MAGIC) {
      throw new FormatException(
          r.name(), Math.max(0, at) * BLOCK_SIZE, "extent header", "bad magic in inode " + ino);
    }
    int entries = Short.toUnsignedInt(node.getShort(2));
    int depth = Short.toUnsignedInt(node.getShort(6));
    if (entries > max || Short.toUnsignedInt(node.getShort(4)) > max) {
      throw new FormatException(
          r.name(),
          Math.max(0, at) * BLOCK_SIZE,
          "extent header",
          entries + " entries, at most " + max);
    }
    for (int i = 0; i < entries; i++) {
      int e = EXTENT_HEADER_SIZE + i * EXTENT_ENTRY_SIZE;
      if (depth == 0) {
        long logical = LittleEndian.unsigned(node.getInt(e));
        long length = Short.toUnsignedInt(node.getShort(e + 4));
        long physical =
            (long) Short.toUnsignedInt(node.getShort(e + 6)) << 32
                | LittleEndian.unsigned(node.getInt(e + 8));
        if (n[0] + 3 > out[0].length) {
          out[0] = Arrays.copyOf(out[0], 2 * out[0].length);
        }
        out[0][n[0]++] = logical;
        out[0][n[0]++] = physical;
        out[0][n[0]++] = length;
      } else {
        long child =
            LittleEndian.unsigned(node.getInt(e + 4))
                | (long) Short.toUnsignedInt(node.getShort(e + 8)) << 32;
        ByteBuffer b = r.block(child, 1);
        int stored = b.getInt(EXTENT_TAIL_OFFSET);
        int computed = r.checksums().extentBlock(ino, b.duplicate().order(b.order()).position(0));
        if (stored != computed) {
          throw r.bad(
              child * BLOCK_SIZE + EXTENT_TAIL_OFFSET, "extent block checksum", computed, stored);
        }
        walk(r, ino, b, child, out, n, EXTENTS_PER_BLOCK);
      }
    }
  }

  /**
   * @param extents triples
   * @param logical a logical block
   * @return its physical block, or -1 in a hole
   */
  static long map(long[] extents, long logical) {
    for (int i = 0; i < extents.length; i += 3) {
      if (logical >= extents[i] && logical < extents[i] + extents[i + 2]) {
        return extents[i + 1] + logical - extents[i];
      }
    }
    return -1;
  }
}
