package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import java.util.List;

/**
 * The per-group bookkeeping of a laid-out file system: free block and inode counts, directories,
 * the bitmaps and the descriptors. Inodes are used from 1 up to the highest number planned and
 * blocks as the {@link BlockSpace} says, so everything is computed, never stored per block.
 * Immutable; the bitmap methods may be called from several threads.
 */
final class GroupTables {
  private final Geometry g;
  private final Allocation a;
  private final long usedInodes;
  private final int[] freeBlocks;
  private final int[] dirs;

  /**
   * @param layout the layout
   * @param inodes the planned inodes
   */
  GroupTables(Layout layout, List<PlannedInode> inodes) {
    this.g = layout.geometry();
    this.a = layout.allocation();
    this.usedInodes = inodes.get(inodes.size() - 1).ino;
    freeBlocks = new int[g.groups()];
    for (int group = 0; group < g.groups(); group++) {
      long s = g.groupStart(group);
      freeBlocks[group] = (int) (g.groupBlocks(group) - a.space.used(s, s + g.groupBlocks(group)));
    }
    dirs = new int[g.groups()];
    for (PlannedInode p : inodes) {
      if (p.isDirectory()) {
        dirs[(p.ino - 1) / g.inodesPerGroup()]++;
      }
    }
  }

  /**
   * @return free blocks in the file system
   */
  long freeBlocks() {
    long n = 0;
    for (int f : freeBlocks) {
      n += f;
    }
    return n;
  }

  /**
   * @return free inodes in the file system
   */
  long freeInodes() {
    return g.inodes() - usedInodes;
  }

  /** Inodes in use in a group (always its first ones). */
  int usedInodes(int group) {
    long first = (long) group * g.inodesPerGroup();
    return (int) Math.max(0, Math.min(g.inodesPerGroup(), usedInodes - first));
  }

  /**
   * @param group a group
   * @return its block bitmap: blocks in use, and the bits past the group's end set
   */
  byte[] blockBitmap(int group) {
    byte[] bitmap = new byte[BLOCK_SIZE];
    int blocks = g.groupBlocks(group);
    a.space.mark(g.groupStart(group), blocks, bitmap);
    BlockSpace.setBits(bitmap, blocks, BLOCK_SIZE * 8);
    return bitmap;
  }

  /**
   * @param group a group
   * @return its inode bitmap: inodes in use, and the bits past the inodes per group set
   */
  byte[] inodeBitmap(int group) {
    byte[] bitmap = new byte[BLOCK_SIZE];
    BlockSpace.setBits(bitmap, 0, usedInodes(group));
    BlockSpace.setBits(bitmap, g.inodesPerGroup(), BLOCK_SIZE * 8);
    return bitmap;
  }

  /**
   * @param group a group
   * @param blockBitmapCsum checksum of its block bitmap
   * @param inodeBitmapCsum checksum of its inode bitmap
   * @return its descriptor
   */
  GroupDescriptor descriptor(int group, int blockBitmapCsum, int inodeBitmapCsum) {
    int used = usedInodes(group);
    int ipg = g.inodesPerGroup();
    return new GroupDescriptor(
        a.blockBitmaps[group],
        a.inodeBitmaps[group],
        a.inodeTables[group],
        freeBlocks[group],
        ipg - used,
        dirs[group],
        BG_INODE_ZEROED | (used == 0 ? BG_INODE_UNINIT : 0),
        blockBitmapCsum,
        inodeBitmapCsum,
        ipg - used);
  }
}
