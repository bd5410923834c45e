package dev.mkddi.ext4;

import java.nio.ByteBuffer;

/**
 * One xattr block, shared by every inode (up to 1024) whose block attributes are identical, as the
 * kernel's mbcache would share it. Its block number is the {@link Allocation}'s. Not thread-safe
 * while planning.
 */
final class XattrBlock {
  final XattrSet set;

  /** Its position among the file system's xattr blocks. */
  final int index;

  /** The first inode that uses the block: it writes the block. */
  final int owner;

  int refcount;

  XattrBlock(XattrSet set, int index, int owner) {
    this.set = set;
    this.index = index;
    this.owner = owner;
  }

  /**
   * @param block where the block is
   * @param checksums the file system's checksums
   * @return the block's bytes with its checksum
   */
  ByteBuffer encode(long block, Checksums checksums) {
    ByteBuffer b = dev.mkddi.io.LittleEndian.wrap(set.encodeBlock(refcount));
    b.putInt(Ext4Constants.XATTR_H_CHECKSUM, checksums.xattrBlock(block, b));
    return b;
  }
}
