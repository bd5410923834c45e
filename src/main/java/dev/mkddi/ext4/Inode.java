package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * One 256-byte ext4 inode with 32 bytes of extra fields: the fields this package writes and reads.
 * Times carry nanoseconds and two epoch bits (1901 to 2310 as written here). Immutable.
 *
 * @param mode file type and permission bits
 * @param uid owner
 * @param gid group
 * @param size {@code i_size}
 * @param links {@code i_links_count}
 * @param sectors {@code i_blocks} in 512-byte units
 * @param flags {@code i_flags}
 * @param atime access time
 * @param ctime change time
 * @param mtime modification time
 * @param crtime creation time
 * @param block the 60 bytes of {@code i_block}
 * @param fileAcl the xattr block, 0 for none
 * @param ibody the 96 bytes after the extra fields (in-inode xattrs), all zero for none
 */
record Inode(
    int mode,
    long uid,
    long gid,
    long size,
    int links,
    long sectors,
    int flags,
    Instant atime,
    Instant ctime,
    Instant mtime,
    Instant crtime,
    byte[] block,
    long fileAcl,
    byte[] ibody) {

  /** Earliest time the format holds: -2^31 seconds. */
  static final Instant MIN_TIME = Instant.ofEpochSecond(Integer.MIN_VALUE);

  /**
   * Latest time written: the format holds times to 2446, but e2fsck (until 2242) takes times from
   * 2310 on, whose epoch bits are both set with the sign bit, for pre-1970 times an old kernel
   * mis-encoded, so times stop just before 2310-04-04.
   */
  static final Instant MAX_TIME =
      Instant.ofEpochSecond((3L << 32) + Integer.MIN_VALUE - 1, 999_999_999);

  Inode {
    block = block.clone();
    ibody = ibody.clone();
  }

  /**
   * Encodes the inode at the buffer's position (not advancing it), with its checksum.
   *
   * @param b destination, little-endian
   * @param ino the inode number (for the checksum)
   * @param checksums the file system's checksums
   */
  void encode(ByteBuffer b, long ino, Checksums checksums) {
    int p = b.position();
    b.putShort(p + I_MODE, (short) mode)
        .putShort(p + I_UID, (short) uid)
        .putInt(p + I_SIZE_LO, (int) size)
        .putInt(p + I_ATIME, seconds(atime))
        .putInt(p + I_CTIME, seconds(ctime))
        .putInt(p + I_MTIME, seconds(mtime))
        .putShort(p + I_GID, (short) gid)
        .putShort(p + I_LINKS_COUNT, (short) links)
        .putInt(p + I_BLOCKS_LO, (int) sectors)
        .putInt(p + I_FLAGS, flags)
        .put(p + I_BLOCK, block)
        .putInt(p + I_FILE_ACL_LO, (int) fileAcl)
        .putInt(p + I_SIZE_HIGH, (int) (size >>> 32))
        .putShort(p + I_BLOCKS_HIGH, (short) (sectors >>> 32))
        .putShort(p + I_FILE_ACL_HIGH, (short) (fileAcl >>> 32))
        .putShort(p + I_UID_HIGH, (short) (uid >>> 16))
        .putShort(p + I_GID_HIGH, (short) (gid >>> 16))
        .putShort(p + I_EXTRA_ISIZE, (short) EXTRA_ISIZE)
        .putInt(p + I_CTIME_EXTRA, extra(ctime))
        .putInt(p + I_MTIME_EXTRA, extra(mtime))
        .putInt(p + I_ATIME_EXTRA, extra(atime))
        .putInt(p + I_CRTIME, seconds(crtime))
        .putInt(p + I_CRTIME_EXTRA, extra(crtime))
        .put(p + IBODY_XATTR_OFFSET, ibody);
    int crc = checksums.inode(ino, b.duplicate().order(b.order()).position(p));
    b.putShort(p + I_CHECKSUM_LO, (short) crc).putShort(p + I_CHECKSUM_HI, (short) (crc >>> 16));
  }

  /**
   * @param b the inode at the buffer's position
   * @return the decoded inode
   */
  static Inode decode(ByteBuffer b) {
    int p = b.position();
    byte[] block = new byte[I_BLOCK_LEN];
    b.get(p + I_BLOCK, block);
    byte[] ibody = new byte[IBODY_XATTR_SPACE];
    b.get(p + IBODY_XATTR_OFFSET, ibody);
    return new Inode(
        Short.toUnsignedInt(b.getShort(p + I_MODE)),
        Short.toUnsignedInt(b.getShort(p + I_UID))
            | (long) Short.toUnsignedInt(b.getShort(p + I_UID_HIGH)) << 16,
        Short.toUnsignedInt(b.getShort(p + I_GID))
            | (long) Short.toUnsignedInt(b.getShort(p + I_GID_HIGH)) << 16,
        LittleEndian.unsigned(b.getInt(p + I_SIZE_LO))
            | LittleEndian.unsigned(b.getInt(p + I_SIZE_HIGH)) << 32,
        Short.toUnsignedInt(b.getShort(p + I_LINKS_COUNT)),
        LittleEndian.unsigned(b.getInt(p + I_BLOCKS_LO))
            | (long) Short.toUnsignedInt(b.getShort(p + I_BLOCKS_HIGH)) << 32,
        b.getInt(p + I_FLAGS),
        time(b.getInt(p + I_ATIME), b.getInt(p + I_ATIME_EXTRA)),
        time(b.getInt(p + I_CTIME), b.getInt(p + I_CTIME_EXTRA)),
        time(b.getInt(p + I_MTIME), b.getInt(p + I_MTIME_EXTRA)),
        time(b.getInt(p + I_CRTIME), b.getInt(p + I_CRTIME_EXTRA)),
        block,
        LittleEndian.unsigned(b.getInt(p + I_FILE_ACL_LO))
            | (long) Short.toUnsignedInt(b.getShort(p + I_FILE_ACL_HIGH)) << 32,
        ibody);
  }

  /**
   * @param t a time within {@link #MIN_TIME} and {@link #MAX_TIME}
   * @return the low 32 bits of its seconds
   */
  static int seconds(Instant t) {
    return (int) t.getEpochSecond();
  }

  /**
   * @param t a time within range
   * @return the extra field: nanoseconds shifted left by 2, and the epoch bits
   */
  static int extra(Instant t) {
    long s = t.getEpochSecond();
    long epoch = (s - (int) s) >> 32;
    return (t.getNano() << 2) | (int) (epoch & 3);
  }

  static Instant time(int seconds, int extra) {
    long s = seconds + ((long) (extra & 3) << 32);
    return Instant.ofEpochSecond(s, extra >>> 2);
  }

  /**
   * @param t any time
   * @return {@code t} limited to the range the format holds
   */
  static Instant clamp(Instant t) {
    return t.isBefore(MIN_TIME) ? MIN_TIME : t.isAfter(MAX_TIME) ? MAX_TIME : t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Inode i
        && mode == i.mode
        && uid == i.uid
        && gid == i.gid
        && size == i.size
        && links == i.links
        && sectors == i.sectors
        && flags == i.flags
        && atime.equals(i.atime)
        && ctime.equals(i.ctime)
        && mtime.equals(i.mtime)
        && crtime.equals(i.crtime)
        && Arrays.equals(block, i.block)
        && fileAcl == i.fileAcl
        && Arrays.equals(ibody, i.ibody);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(block) * 31 + (int) size + mode;
  }

  @Override
  public String toString() {
    return "Inode[mode=0"
        + Integer.toOctalString(mode)
        + ", size="
        + size
        + ", links="
        + links
        + "]";
  }
}
