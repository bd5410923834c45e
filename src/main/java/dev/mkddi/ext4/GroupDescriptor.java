package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;

/**
 * One 64-byte group descriptor ({@code struct ext4_group_desc}). Immutable.
 *
 * @param blockBitmap block of the group's block bitmap
 * @param inodeBitmap block of its inode bitmap
 * @param inodeTable first block of its inode table
 * @param freeBlocks free blocks in the group
 * @param freeInodes free inodes in the group
 * @param usedDirs directories among its inodes
 * @param flags {@code bg_flags}
 * @param blockBitmapCsum checksum of the block bitmap
 * @param inodeBitmapCsum checksum of the inode bitmap
 * @param itableUnused inodes at the end of the table never used
 */
record GroupDescriptor(
    long blockBitmap,
    long inodeBitmap,
    long inodeTable,
    int freeBlocks,
    int freeInodes,
    int usedDirs,
    int flags,
    int blockBitmapCsum,
    int inodeBitmapCsum,
    int itableUnused) {

  /**
   * Encodes the descriptor at the buffer's position (not advancing it), with its checksum.
   *
   * @param b destination, little-endian
   * @param group the group number (for the checksum)
   * @param checksums the file system's checksums
   */
  void encode(ByteBuffer b, int group, Checksums checksums) {
    int p = b.position();
    b.putInt(p + BG_BLOCK_BITMAP_LO, (int) blockBitmap)
        .putInt(p + BG_INODE_BITMAP_LO, (int) inodeBitmap)
        .putInt(p + BG_INODE_TABLE_LO, (int) inodeTable)
        .putShort(p + BG_FREE_BLOCKS_COUNT_LO, (short) freeBlocks)
        .putShort(p + BG_FREE_INODES_COUNT_LO, (short) freeInodes)
        .putShort(p + BG_USED_DIRS_COUNT_LO, (short) usedDirs)
        .putShort(p + BG_FLAGS, (short) flags)
        .putShort(p + BG_BLOCK_BITMAP_CSUM_LO, (short) blockBitmapCsum)
        .putShort(p + BG_INODE_BITMAP_CSUM_LO, (short) inodeBitmapCsum)
        .putShort(p + BG_ITABLE_UNUSED_LO, (short) itableUnused)
        .putInt(p + BG_BLOCK_BITMAP_HI, (int) (blockBitmap >>> 32))
        .putInt(p + BG_INODE_BITMAP_HI, (int) (inodeBitmap >>> 32))
        .putInt(p + BG_INODE_TABLE_HI, (int) (inodeTable >>> 32))
        .putShort(p + BG_FREE_BLOCKS_COUNT_HI, (short) (freeBlocks >>> 16))
        .putShort(p + BG_FREE_INODES_COUNT_HI, (short) (freeInodes >>> 16))
        .putShort(p + BG_USED_DIRS_COUNT_HI, (short) (usedDirs >>> 16))
        .putShort(p + BG_ITABLE_UNUSED_HI, (short) (itableUnused >>> 16))
        .putShort(p + BG_BLOCK_BITMAP_CSUM_HI, (short) (blockBitmapCsum >>> 16))
        .putShort(p + BG_INODE_BITMAP_CSUM_HI, (short) (inodeBitmapCsum >>> 16));
    int crc = checksums.groupDescriptor(group, b.duplicate().order(b.order()).position(p));
    b.putShort(p + BG_CHECKSUM, (short) crc);
  }

  /**
   * @param b the descriptor at the buffer's position
   * @return the decoded descriptor
   */
  static GroupDescriptor decode(ByteBuffer b) {
    int p = b.position();
    return new GroupDescriptor(
        wide(b, p + BG_BLOCK_BITMAP_LO, p + BG_BLOCK_BITMAP_HI),
        wide(b, p + BG_INODE_BITMAP_LO, p + BG_INODE_BITMAP_HI),
        wide(b, p + BG_INODE_TABLE_LO, p + BG_INODE_TABLE_HI),
        halves(b, p + BG_FREE_BLOCKS_COUNT_LO, p + BG_FREE_BLOCKS_COUNT_HI),
        halves(b, p + BG_FREE_INODES_COUNT_LO, p + BG_FREE_INODES_COUNT_HI),
        halves(b, p + BG_USED_DIRS_COUNT_LO, p + BG_USED_DIRS_COUNT_HI),
        Short.toUnsignedInt(b.getShort(p + BG_FLAGS)),
        halves(b, p + BG_BLOCK_BITMAP_CSUM_LO, p + BG_BLOCK_BITMAP_CSUM_HI),
        halves(b, p + BG_INODE_BITMAP_CSUM_LO, p + BG_INODE_BITMAP_CSUM_HI),
        halves(b, p + BG_ITABLE_UNUSED_LO, p + BG_ITABLE_UNUSED_HI));
  }

  /**
   * @param b a descriptor at the buffer's position
   * @return its stored checksum
   */
  static int storedChecksum(ByteBuffer b) {
    return Short.toUnsignedInt(b.getShort(b.position() + BG_CHECKSUM));
  }

  private static long wide(ByteBuffer b, int lo, int hi) {
    return LittleEndian.unsigned(b.getInt(lo)) | LittleEndian.unsigned(b.getInt(hi)) << 32;
  }

  private static int halves(ByteBuffer b, int lo, int hi) {
    return Short.toUnsignedInt(b.getShort(lo)) | Short.toUnsignedInt(b.getShort(hi)) << 16;
  }
}
