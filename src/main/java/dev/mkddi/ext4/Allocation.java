package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import java.util.Arrays;
import java.util.List;

/**
 * Places everything of one file system for a given {@link Geometry}: superblock copies, the flex
 * groups' bitmaps and inode tables (packed at the start of each run of 16 groups, as mke2fs does),
 * the journal (in the middle group, as mke2fs does), the resize inode's block, then every inode's
 * xattr block, data and extent tree blocks in inode order. {@link #end()} tells whether it all
 * fits. Immutable once placed; not thread-safe while placing.
 */
final class Allocation {
  final Geometry geometry;
  final BlockSpace space = new BlockSpace();
  final long[] blockBitmaps;
  final long[] inodeBitmaps;
  final long[] inodeTables;

  /** The journal's extents (triples) and tree blocks; empty without a journal. */
  long[] journalExtents = PlannedInode.NO_RUNS;

  long[] journalTree = PlannedInode.NO_RUNS;

  /** The resize inode's double-indirect block, 0 without reserved GDT blocks. */
  long resizeBlock;

  /** Each inode's extents as triples (logical, physical, length), by position in the list. */
  final long[][] extents;

  /** Each inode's extent tree blocks, top level first, by position in the list. */
  final long[][] trees;

  /** Each xattr block's number, by {@link XattrBlock#index}. */
  final long[] xattrBlocks;

  private Allocation(Geometry geometry, int inodes, int xattrBlockCount) {
    this.geometry = geometry;
    blockBitmaps = new long[geometry.groups()];
    inodeBitmaps = new long[geometry.groups()];
    inodeTables = new long[geometry.groups()];
    extents = new long[inodes][];
    trees = new long[inodes][];
    xattrBlocks = new long[xattrBlockCount];
    Arrays.fill(xattrBlocks, -1);
  }

  /**
   * Allocates everything.
   *
   * @param g the geometry
   * @param inodes the inodes in inode-number order
   * @param xattrBlocks the shared xattr blocks
   * @return the allocation
   */
  static Allocation place(Geometry g, List<PlannedInode> inodes, List<XattrBlock> xattrBlocks) {
    Allocation a = new Allocation(g, inodes.size(), xattrBlocks.size());
    for (int group = 0; group < g.groups(); group++) {
      a.space.reserve(g.groupStart(group), g.superArea(group));
    }
    a.placeFlexMetadata();
    if (g.journalBlocks() > 0) {
      a.placeJournal();
    }
    if (g.reservedGdtBlocks() > 0) {
      a.resizeBlock = a.space.allocateOne();
    }
    for (int i = 0; i < inodes.size(); i++) {
      a.placeInode(i, inodes.get(i));
    }
    return a;
  }

  private void placeFlexMetadata() {
    Geometry g = geometry;
    for (int first = 0; first < g.groups(); first += GROUPS_PER_FLEX) {
      int last = Math.min(g.groups(), first + GROUPS_PER_FLEX);
      long goal = g.groupStart(first);
      for (int group = first; group < last; group++) {
        blockBitmaps[group] = space.reserveContiguous(goal, 1);
      }
      for (int group = first; group < last; group++) {
        inodeBitmaps[group] = space.reserveContiguous(goal, 1);
      }
      for (int group = first; group < last; group++) {
        inodeTables[group] = space.reserveContiguous(goal, g.inodeTableBlocks());
      }
    }
  }

  /** mke2fs's midpoint: the middle group, rounded down to its flex group, or its neighbour. */
  private void placeJournal() {
    Geometry g = geometry;
    int group = (int) (g.blocks() / 2 / g.blocksPerGroup());
    int start;
    if (group > GROUPS_PER_FLEX) {
      group &= ~(GROUPS_PER_FLEX - 1);
      while (group < g.groups() && free(group) == 0) {
        group++;
      }
      if (group == g.groups()) {
        group = 0;
      }
      start = group;
    } else {
      start = group > 0 ? group - 1 : group;
    }
    int end = Math.min(group + 1, g.groups() - 1);
    int best = start;
    for (int i = start + 1; i <= end; i++) {
      if (free(i) > free(best)) {
        best = i;
      }
    }
    ExtentList list = new ExtentList();
    long[] logical = {0};
    space.reserveFrom(
        g.groupStart(best),
        g.journalBlocks(),
        (s, n) -> {
          list.add(logical[0], s, n);
          logical[0] += n;
        });
    journalExtents = list.toArray();
    journalTree = new long[ExtentTree.blocks(journalExtents.length / 3)];
    long after =
        journalExtents[journalExtents.length - 2] + journalExtents[journalExtents.length - 1];
    for (int i = 0; i < journalTree.length; i++) {
      journalTree[i] = space.reserveContiguous(after, 1);
    }
  }

  private long free(int group) {
    long s = geometry.groupStart(group);
    return geometry.groupBlocks(group) - space.used(s, s + geometry.groupBlocks(group));
  }

  private void placeInode(int i, PlannedInode inode) {
    XattrBlock x = inode.xattrBlock;
    if (x != null && xattrBlocks[x.index] < 0) {
      xattrBlocks[x.index] = space.allocateOne();
    }
    ExtentList list = new ExtentList();
    long[] runs = inode.runs;
    for (int r = 0; r < runs.length; r += 2) {
      long[] logical = {runs[r]};
      space.allocate(
          runs[r + 1],
          (s, n) -> {
            list.add(logical[0], s, n);
            logical[0] += n;
          });
    }
    extents[i] = list.toArray();
    long[] tree = new long[ExtentTree.blocks(extents[i].length / 3)];
    for (int k = 0; k < tree.length; k++) {
      tree[k] = space.allocateOne();
    }
    trees[i] = tree;
  }

  /**
   * @return one past the last block in use: the file system must have at least this many blocks
   */
  long end() {
    return space.end();
  }

  /** Extents being collected: runs merged when contiguous, split at the maximum length. */
  static final class ExtentList {
    private long[] e = new long[12];
    private int n;

    void add(long logical, long physical, long length) {
      long l = logical;
      long p = physical;
      long left = length;
      if (n > 0 && e[n - 3] + e[n - 1] == l && e[n - 2] + e[n - 1] == p) {
        long room = Math.min(left, MAX_EXTENT_LENGTH - e[n - 1]);
        e[n - 1] += room;
        l += room;
        p += room;
        left -= room;
      }
      while (left > 0) {
        long len = Math.min(left, MAX_EXTENT_LENGTH);
        if (n + 3 > e.length) {
          e = Arrays.copyOf(e, 2 * e.length);
        }
        e[n++] = l;
        e[n++] = p;
        e[n++] = len;
        l += len;
        p += len;
        left -= len;
      }
    }

    long[] toArray() {
      return Arrays.copyOf(e, n);
    }
  }
}
