package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.Symlink;
import java.util.List;

/**
 * Places inodes in the metadata area (nid order = list order, root first at nid 36) and then their
 * data blocks after it. An inode, its xattr area and its inline tail always share one block. When a
 * tail does not fit in what is left of the current block, the inode moves to the next block if that
 * wastes fewer bytes than storing the tail in a block of its own (FLAT_PLAIN); symlinks always
 * move, so the kernel's fast symlink path applies. Stateless.
 */
final class MetadataLayout {
  private MetadataLayout() {}

  /**
   * Assigns nid, data layout, start block and block count of every inode.
   *
   * @param inodes all inodes, root first
   * @return the number of blocks of the image
   * @throws InvalidInputException when an inode's xattrs do not fit in a block or the image would
   *     exceed 2^32 blocks
   */
  static long place(List<PlannedInode> inodes) throws InvalidInputException {
    long pos = (long) ROOT_NID * SLOT_SIZE;
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
      int room = (int) (BLOCK_SIZE - pos % BLOCK_SIZE);
      int tail = inode.tailCandidate();
      inode.inline = false;
      if (tail > 0 && base + tail <= BLOCK_SIZE) {
        if (base + tail <= room) {
          inode.inline = true;
        } else if (inode.node instanceof Symlink || room <= BLOCK_SIZE - tail) {
          pos += room;
          room = BLOCK_SIZE;
          inode.inline = true;
        }
      }
      if (base + inode.inlineLength() > room) {
        pos += room;
      }
      inode.nid = pos >> SLOT_BITS;
      pos = align(pos + base + inode.inlineLength(), SLOT_SIZE);
    }
    if (inodes.get(0).nid != ROOT_NID) {
      throw new IllegalStateException("root not at nid " + ROOT_NID);
    }
    long block = ceilDiv(pos, BLOCK_SIZE);
    for (PlannedInode inode : inodes) {
      inode.dataBlocks =
          !inode.hasData()
              ? 0
              : inode.inline ? inode.size / BLOCK_SIZE : ceilDiv(inode.size, BLOCK_SIZE);
      inode.startBlock = inode.dataBlocks == 0 ? 0 : block;
      block = Math.addExact(block, inode.dataBlocks);
    }
    if (block > 0xFFFF_FFFFL) {
      throw new InvalidInputException(
          "image of "
              + block
              + " blocks exceeds the 2^32 blocks"
              + " (16 TiB) that EROFS addresses without the 48-bit feature");
    }
    return block;
  }

  static long align(long value, int unit) {
    return Math.addExact(value, unit - 1) / unit * unit;
  }

  static long ceilDiv(long value, int unit) {
    return Math.addExact(value, unit - 1) / unit;
  }
}
