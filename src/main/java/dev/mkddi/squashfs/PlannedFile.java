package dev.mkddi.squashfs;

import dev.mkddi.tree.FileContent;

/**
 * The data plan of one regular file: where its bytes are and how they are cut into data blocks and
 * a fragment tail. Set up by the plan and not changed afterwards.
 *
 * @param index position in the image's data order
 * @param inode the inode the data belongs to (for messages)
 * @param content where the bytes are
 * @param blocks blocks written as data blocks (the last one partial when there is no tail)
 * @param tail bytes that go into a fragment (0 when none)
 * @param candidate whether another file has the same size, so its contents are hashed to find
 *     duplicates
 */
record PlannedFile(
    int index, PlannedInode inode, FileContent content, int blocks, int tail, boolean candidate) {

  /**
   * Cuts a file as mksquashfs does: a file smaller than a block is all tail; a larger one is all
   * blocks, unless tail ends are packed, then its last partial block is the tail.
   */
  static PlannedFile of(
      int index,
      PlannedInode inode,
      FileContent content,
      int blockSize,
      boolean tailEnds,
      boolean candidate) {
    long size = content.size();
    int log = Integer.numberOfTrailingZeros(blockSize);
    if (size < blockSize || tailEnds) {
      return new PlannedFile(
          index,
          inode,
          content,
          Math.toIntExact(size >>> log),
          (int) (size & (blockSize - 1)),
          candidate);
    }
    return new PlannedFile(
        index, inode, content, Math.toIntExact((size + blockSize - 1) >>> log), 0, candidate);
  }

  long size() {
    return content.size();
  }
}
