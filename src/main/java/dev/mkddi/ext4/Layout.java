package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.InvalidInputException;
import java.util.List;

/**
 * Chooses the geometry of a file system and places its blocks: for a given size, mke2fs's geometry
 * of that size (refused when the tree does not fit); otherwise the smallest file system that holds
 * the tree, found by placing everything for a first guess and growing (or, for a read-only root,
 * shrinking to the last block used) until it fits. Immutable once made.
 *
 * @param geometry the chosen geometry
 * @param allocation the placement of every block for it
 */
record Layout(Geometry geometry, Allocation allocation) {
  private static final int MAX_ATTEMPTS = 64;

  /**
   * @param c the inodes and xattr blocks
   * @param options size, inode count and read-only
   * @return the layout
   * @throws InvalidInputException when the tree does not fit the size asked for
   */
  static Layout fit(InodeCollector.Collected c, Ext4Options options) throws InvalidInputException {
    List<PlannedInode> inodes = c.inodes();
    long used = inodes.get(inodes.size() - 1).ino;
    // a writable file system gets room for new files even when the tree needs more inodes than
    // mke2fs's ratio gives
    long neededInodes =
        Math.max(options.minInodes(), options.readOnly() ? used : used + Math.max(64, used / 8));
    if (options.sizeBytes() > 0) {
      long blocks = options.sizeBytes() / BLOCK_SIZE;
      Geometry g =
          options.readOnly()
              ? Geometry.readOnly(blocks, neededInodes)
              : Geometry.writable(blocks, neededInodes, true);
      if (g.blocks() > blocks) {
        throw tooSmall(options, (g.blocks()) * BLOCK_SIZE);
      }
      Allocation a = Allocation.place(g, inodes, c.xattrBlocks());
      if (a.end() > g.blocks()) {
        Layout smallest = smallest(c, options, neededInodes);
        throw tooSmall(options, smallest.geometry.blocks() * BLOCK_SIZE);
      }
      return new Layout(g, a);
    }
    return smallest(c, options, neededInodes);
  }

  private static InvalidInputException tooSmall(Ext4Options options, long needed) {
    return new InvalidInputException(
        "the tree needs an ext4 of at least "
            + needed
            + " bytes"
            + (options.readOnly() ? "" : " (with its journal)")
            + ", the size given is "
            + options.sizeBytes());
  }

  private static Layout smallest(InodeCollector.Collected c, Ext4Options options, long inodes)
      throws InvalidInputException {
    List<PlannedInode> list = c.inodes();
    long guess = Geometry.MIN_BLOCKS + inodes / INODES_PER_BLOCK + c.xattrBlocks().size();
    for (PlannedInode inode : list) {
      guess +=
          inode.dataBlocks()
              + ExtentTree.blocks((int) Math.min(Integer.MAX_VALUE, inode.runs.length / 2));
    }
    return options.readOnly()
        ? smallestReadOnly(c, guess, inodes)
        : smallestWritable(c, guess, inodes);
  }

  private static Layout smallestReadOnly(InodeCollector.Collected c, long guess, long inodes)
      throws InvalidInputException {
    Geometry g = Geometry.readOnly(guess, inodes);
    Geometry best = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Allocation a = Allocation.place(g, c.inodes(), c.xattrBlocks());
      long end = a.end();
      if (end <= g.blocks()) {
        // cut after the last block used, keeping at least a block of the last group
        Geometry cut = g.withBlocks(Math.max(end, g.groupStart(g.groups() - 1) + 1));
        Geometry fewer = Geometry.readOnly(end, inodes);
        if (fewer.groups() >= g.groups()) {
          return new Layout(cut, a);
        }
        best = cut;
        g = fewer; // fewer groups, less metadata: try again
      } else if (best != null) {
        break; // fewer groups do not fit after all
      } else {
        g = Geometry.readOnly(end, inodes);
      }
    }
    if (best == null) {
      throw new IllegalStateException("no read-only layout converged from " + guess + " blocks");
    }
    return new Layout(best, Allocation.place(best, c.inodes(), c.xattrBlocks()));
  }

  private static Layout smallestWritable(InodeCollector.Collected c, long guess, long inodes)
      throws InvalidInputException {
    long blocks = guess + Geometry.journalBlocks(guess);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Geometry g = Geometry.writable(blocks, inodes, true);
      Allocation a = Allocation.place(g, c.inodes(), c.xattrBlocks());
      if (a.end() <= g.blocks()) {
        return new Layout(g, a);
      }
      blocks += Math.max(a.end() - g.blocks(), blocks / 64) + Geometry.MIN_BLOCKS;
    }
    throw new IllegalStateException("no writable layout converged from " + guess + " blocks");
  }
}
