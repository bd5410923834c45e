package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import java.nio.ByteBuffer;

/**
 * An inode's extent tree, as shallow and as narrow as possible (so e2fsck finds nothing to
 * optimize): up to 4 extents in the inode; otherwise leaf blocks of 340 extents, index blocks of
 * 340 entries above them while a level has more than 4 blocks, and the top level's entries in the
 * inode. Tree blocks are listed level by level from the top. Stateless.
 */
final class ExtentTree {
  private ExtentTree() {}

  /**
   * @param extents number of extents
   * @return blocks at each level below the inode, top first (empty for depth 0)
   */
  static int[] levels(int extents) {
    int depth = 0;
    int[] counts = new int[8];
    long n = extents;
    while (n > EXTENTS_IN_INODE) {
      n = Geometry.ceilDiv(n, EXTENTS_PER_BLOCK);
      counts[depth++] = (int) n;
    }
    int[] top = new int[depth];
    for (int i = 0; i < depth; i++) {
      top[i] = counts[depth - 1 - i];
    }
    return top;
  }

  /**
   * @param extents number of extents
   * @return blocks of the tree below the inode
   */
  static int blocks(int extents) {
    int total = 0;
    for (int c : levels(extents)) {
      total += c;
    }
    return total;
  }

  /**
   * Writes the tree's root into {@code i_block}.
   *
   * @param inode the inode buffer, positioned at the inode
   * @param extents triples (logical, physical, length)
   * @param tree the tree blocks, top level first
   */
  static void encodeRoot(ByteBuffer inode, long[] extents, long[] tree) {
    int[] levels = levels(extents.length / 3);
    ByteBuffer b = inode.duplicate().order(inode.order());
    b.position(inode.position() + I_BLOCK);
    if (levels.length == 0) {
      header(b, extents.length / 3, EXTENTS_IN_INODE, 0);
      for (int i = 0; i < extents.length; i += 3) {
        extent(b, extents[i], extents[i + 1], extents[i + 2]);
      }
      return;
    }
    header(b, levels[0], EXTENTS_IN_INODE, levels.length);
    for (int j = 0; j < levels[0]; j++) {
      index(b, firstLogical(levels, extents, 0, j), tree[j]);
    }
  }

  /**
   * Encodes tree block {@code k} (an index into the tree blocks, top level first).
   *
   * @param k which block
   * @param extents triples (logical, physical, length)
   * @param tree the tree blocks
   * @param ino the inode number (for the checksum)
   * @param checksums the file system's checksums
   * @param block destination, zeroed, position 0
   */
  static void encodeBlock(
      int k, long[] extents, long[] tree, long ino, Checksums checksums, ByteBuffer block) {
    int[] levels = levels(extents.length / 3);
    int level = 0;
    int j = k;
    int levelStart = 0;
    while (j >= levels[level]) {
      j -= levels[level];
      levelStart += levels[level];
      level++;
    }
    boolean leaf = level == levels.length - 1;
    int children = leaf ? extents.length / 3 : levels[level + 1];
    int from = j * EXTENTS_PER_BLOCK;
    int to = Math.min(children, from + EXTENTS_PER_BLOCK);
    header(block, to - from, EXTENTS_PER_BLOCK, levels.length - 1 - level);
    for (int c = from; c < to; c++) {
      if (leaf) {
        extent(block, extents[3 * c], extents[3 * c + 1], extents[3 * c + 2]);
      } else {
        int childIndex = levelStart + levels[level] + c;
        index(block, firstLogical(levels, extents, level + 1, c), tree[childIndex]);
      }
    }
    block.putInt(EXTENT_TAIL_OFFSET, checksums.extentBlock(ino, block.duplicate().position(0)));
  }

  /** The first logical block under block {@code j} of level {@code level}. */
  private static long firstLogical(int[] levels, long[] extents, int level, int j) {
    long first = j;
    for (int l = level; l < levels.length; l++) {
      first *= EXTENTS_PER_BLOCK;
    }
    return extents[(int) (3 * first)];
  }

  private static void header(ByteBuffer b, int entries, int max, int depth) {
    b.putShort(EXTENT_MAGIC).putShort((short) entries).putShort((short) max);
    b.putShort((short) depth).putInt(0);
  }

  private static void extent(ByteBuffer b, long logical, long physical, long length) {
    b.putInt((int) logical).putShort((short) length).putShort((short) (physical >>> 32));
    b.putInt((int) physical);
  }

  private static void index(ByteBuffer b, long logical, long physical) {
    b.putInt((int) logical).putInt((int) physical).putShort((short) (physical >>> 32));
    b.putShort((short) 0);
  }
}
