package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The metadata checksums of an ext4 file system ({@code metadata_csum}). ext4 computes CRC32C
 * without the final inversion, seeded with {@code crc32c(~0, s_uuid)} and, for structures that
 * belong to an inode, continued over the inode number and generation. {@link CRC32C} starts from
 * {@code ~0} and inverts its result, so every checksum here is the JDK's CRC over the UUID (and the
 * inode number and generation) followed by the structure, inverted back. Immutable and thread-safe.
 */
final class Checksums {
  private final byte[] uuid;

  /**
   * @param uuid the file system UUID, as stored in {@code s_uuid}
   */
  Checksums(UUID uuid) {
    this.uuid =
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
  }

  /** The superblock's: the first 1020 bytes, seeded with ~0 only. */
  static int superblock(ByteBuffer sb) {
    CRC32C c = new CRC32C();
    c.update(sb.duplicate().clear().limit(S_CHECKSUM));
    return raw(c);
  }

  private CRC32C seeded() {
    CRC32C c = new CRC32C();
    c.update(uuid);
    return c;
  }

  private CRC32C inodeSeeded(long ino) {
    CRC32C c = seeded();
    c.update(le32((int) ino)); // inode number, then generation (always 0 here)
    c.update(le32(0));
    return c;
  }

  /** A group descriptor's (the low 16 bits are stored), over its 64 bytes with bg_checksum 0. */
  int groupDescriptor(int group, ByteBuffer desc) {
    CRC32C c = seeded();
    c.update(le32(group));
    ByteBuffer d = desc.duplicate();
    int start = d.position();
    c.update(d.duplicate().limit(start + BG_CHECKSUM));
    c.update(new byte[2]);
    c.update(d.position(start + BG_CHECKSUM + 2).limit(start + DESC_SIZE));
    return raw(c);
  }

  /** A bitmap's, over {@code length} bytes from the buffer's position. */
  int bitmap(ByteBuffer bitmap, int length) {
    CRC32C c = seeded();
    ByteBuffer b = bitmap.duplicate();
    c.update(b.limit(b.position() + length));
    return raw(c);
  }

  /** An inode's, over its 256 bytes with both checksum fields zero. */
  int inode(long ino, ByteBuffer inode) {
    CRC32C c = inodeSeeded(ino);
    ByteBuffer b = inode.duplicate();
    int start = b.position();
    c.update(b.duplicate().limit(start + I_CHECKSUM_LO));
    c.update(new byte[2]);
    c.update(b.duplicate().position(start + I_CHECKSUM_LO + 2).limit(start + I_CHECKSUM_HI));
    c.update(new byte[2]);
    c.update(b.position(start + I_CHECKSUM_HI + 2).limit(start + INODE_SIZE));
    return raw(c);
  }

  /** An extent tree block's, over everything before its tail. */
  int extentBlock(long ino, ByteBuffer block) {
    CRC32C c = inodeSeeded(ino);
    ByteBuffer b = block.duplicate();
    c.update(b.limit(b.position() + EXTENT_TAIL_OFFSET));
    return raw(c);
  }

  /** A directory leaf block's, over everything before its 12-byte tail. */
  int dirLeaf(long ino, ByteBuffer block) {
    CRC32C c = inodeSeeded(ino);
    ByteBuffer b = block.duplicate();
    c.update(b.limit(b.position() + DIR_LEAF_SPACE));
    return raw(c);
  }

  /**
   * An htree node's: the block up to the last used dx entry, then the tail's reserved word and a
   * zero checksum.
   */
  int dxNode(long ino, ByteBuffer block, int countOffset, int count) {
    CRC32C c = inodeSeeded(ino);
    ByteBuffer b = block.duplicate();
    c.update(b.limit(b.position() + countOffset + count * DX_ENTRY_SIZE));
    c.update(new byte[8]);
    return raw(c);
  }

  /** An xattr block's, seeded with its block number, with h_checksum zero. */
  int xattrBlock(long blockNumber, ByteBuffer block) {
    CRC32C c = seeded();
    c.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, blockNumber));
    ByteBuffer b = block.duplicate();
    int start = b.position();
    c.update(b.duplicate().limit(start + XATTR_H_CHECKSUM));
    c.update(new byte[4]);
    c.update(b.position(start + XATTR_H_CHECKSUM + 4).limit(start + BLOCK_SIZE));
    return raw(c);
  }

  private static ByteBuffer le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v);
  }

  /** The CRC state without the JDK's final inversion: what ext4 stores. */
  private static int raw(CRC32C c) {
    return ~(int) c.getValue();
  }
}
