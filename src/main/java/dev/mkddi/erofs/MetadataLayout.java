package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Places inodes in the metadata area and then their data blocks after it. Each inode occupies one
 * piece of metadata: its core, xattr area and inline tail (for a compressed file also its map
 * header, cluster indexes and inline compressed tail), 32-byte aligned. Pieces up to a block long
 * never cross a block: each goes into the fullest block it still fits in (best fit), a new block
 * only when none has room, so the gaps a block boundary leaves are filled by later, smaller inodes.
 * Longer pieces (the indexes of big compressed files) start on a fresh block. A tail is stored
 * inline whenever core, xattrs and tail fit in a block. Data blocks follow the metadata area in nid
 * order. Stateless.
 */
final class MetadataLayout {
  private static final int SLOTS_PER_BLOCK = BLOCK_SIZE / SLOT_SIZE;

  private MetadataLayout() {}

  /**
   * Assigns nid, data layout, start block and block count of every inode.
   *
   * @param inodes all inodes, root first
   * @param firstSlot byte offset of the first inode slot (after the superblock and its compression
   *     configurations)
   * @return the inodes in nid order and the number of blocks of the image
   * @throws InvalidInputException when an inode's xattrs do not fit in a block or the image would
   *     exceed 2^32 blocks
   */
  static Placed place(List<PlannedInode> inodes, int firstSlot) throws InvalidInputException {
    Blocks blocks = new Blocks(firstSlot);
    for (PlannedInode inode : inodes) {
      int base = inode.baseLength();
      if (base > BLOCK_SIZE) {
        throw new InvalidInputException(
            inode.path()
                + ": extended attributes need "
                + inode.xattrs.length
                + " bytes in EROFS, at most "
                + (BLOCK_SIZE - base + inode.xattrs.length)
                + " fit next to the inode");
      }
      int tail = inode.tailCandidate();
      inode.inline = inode.compressed == null && tail > 0 && base + tail <= BLOCK_SIZE;
      inode.nid = blocks.allocate(inode.metaLength()) >> SLOT_BITS;
    }
    List<PlannedInode> byNid = new ArrayList<>(inodes);
    byNid.sort(Comparator.comparingLong(i -> i.nid));
    long block = blocks.end();
    for (PlannedInode inode : byNid) {
      inode.dataBlocks = inode.sameData != null ? 0 : inode.dataBlockCount();
      inode.startBlock = inode.dataBlocks == 0 ? 0 : block;
      block = Math.addExact(block, inode.dataBlocks);
    }
    for (PlannedInode inode : byNid) {
      if (inode.sameData != null) {
        inode.startBlock = inode.sameData.startBlock; // the blocks of an identical file
      }
    }
    if (block > 0xFFFF_FFFFL) {
      throw new InvalidInputException(
          "image of "
              + block
              + " blocks exceeds the 2^32 blocks"
              + " (16 TiB) that EROFS addresses without the 48-bit feature");
    }
    return new Placed(byNid, blocks.end(), block);
  }

  /**
   * The result of {@link #place}.
   *
   * @param byNid the inodes in nid order
   * @param metadataBlocks blocks of the metadata area (block 0 included)
   * @param blocks blocks of the image
   */
  record Placed(List<PlannedInode> byNid, long metadataBlocks, long blocks) {}

  /** The metadata blocks and the free room at the end of each, found by best fit. */
  private static final class Blocks {
    /** used[b]: bytes of block b in use (a multiple of 32). */
    private int[] used = new int[64];

    private int count;

    /** free[k]: blocks with exactly k free slots, as a stack of block numbers. */
    private final int[][] free = new int[SLOTS_PER_BLOCK][];

    private final int[] freeCount = new int[SLOTS_PER_BLOCK];

    Blocks(int firstSlot) {
      count = 1;
      used[0] = (int) align(firstSlot, SLOT_SIZE);
      push(0);
    }

    long end() {
      return count;
    }

    /**
     * @return the byte offset (from the metadata start) where {@code length} bytes go
     */
    long allocate(int length) {
      int need = (int) align(length, SLOT_SIZE);
      if (need > BLOCK_SIZE) {
        long start = (long) count * BLOCK_SIZE;
        int whole = (int) ceilDiv(need, BLOCK_SIZE);
        for (int i = 0; i < whole; i++) {
          newBlock(BLOCK_SIZE);
        }
        int last = count - 1;
        used[last] = need - (whole - 1) * BLOCK_SIZE;
        push(last);
        return start;
      }
      for (int k = need / SLOT_SIZE; k < SLOTS_PER_BLOCK; k++) {
        if (freeCount[k] > 0) {
          int b = free[k][--freeCount[k]];
          long at = (long) b * BLOCK_SIZE + used[b];
          used[b] += need;
          push(b);
          return at;
        }
      }
      int b = newBlock(need);
      push(b);
      return (long) b * BLOCK_SIZE;
    }

    private int newBlock(int initialUse) {
      if (count == used.length) {
        used = Arrays.copyOf(used, 2 * count);
      }
      used[count] = initialUse;
      return count++;
    }

    /** Files block b under its free room (a full block is not filed). */
    private void push(int b) {
      int k = (BLOCK_SIZE - used[b]) / SLOT_SIZE;
      if (k == 0) {
        return;
      }
      if (free[k] == null) {
        free[k] = new int[16];
      } else if (freeCount[k] == free[k].length) {
        free[k] = Arrays.copyOf(free[k], 2 * freeCount[k]);
      }
      free[k][freeCount[k]++] = b;
    }
  }

  static long align(long value, int unit) {
    return Math.addExact(value, unit - 1) / unit * unit;
  }

  static long ceilDiv(long value, int unit) {
    return Math.addExact(value, unit - 1) / unit;
  }
}
