package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;

/**
 * The on-disk inode core, compact ({@code struct erofs_inode_compact}, 32 bytes) or extended
 * ({@code struct erofs_inode_extended}, 64 bytes). A compact inode has no timestamp of its own:
 * readers take the superblock's build time. Immutable.
 *
 * @param extended whether this is the 64-byte form
 * @param dataLayout {@code EROFS_INODE_FLAT_PLAIN} or {@code EROFS_INODE_FLAT_INLINE}
 * @param xattrCount {@code i_xattr_icount}
 * @param mode {@code i_mode}: file type and permission bits
 * @param nlink link count
 * @param size {@code i_size}
 * @param u {@code i_u}: start block, or the encoded device number
 * @param ino {@code i_ino}
 * @param uid owner
 * @param gid group
 * @param mtime seconds (extended only)
 * @param mtimeNanos nanoseconds (extended only)
 */
record InodeHeader(
    boolean extended,
    int dataLayout,
    int xattrCount,
    int mode,
    long nlink,
    long size,
    int u,
    long ino,
    long uid,
    long gid,
    long mtime,
    int mtimeNanos) {

  /**
   * @return 32 or 64
   */
  int length() {
    return extended ? INODE_EXTENDED_SIZE : INODE_COMPACT_SIZE;
  }

  /**
   * @return the {@code i_format} field
   */
  int format() {
    return (extended ? EROFS_INODE_LAYOUT_EXTENDED : EROFS_INODE_LAYOUT_COMPACT)
        | dataLayout << EROFS_I_DATALAYOUT_BIT;
  }

  /**
   * Writes the inode at the buffer's position, advancing it by {@link #length()}.
   *
   * @param buf a little-endian buffer
   */
  void encode(ByteBuffer buf) {
    int b = buf.position();
    if (extended) {
      buf.putShort(b + IE_FORMAT, (short) format());
      buf.putShort(b + IE_XATTR_ICOUNT, (short) xattrCount);
      buf.putShort(b + IE_MODE, (short) mode);
      buf.putShort(b + IE_NB, (short) 0);
      buf.putLong(b + IE_SIZE, size);
      buf.putInt(b + IE_U, u);
      buf.putInt(b + IE_INO, (int) ino);
      buf.putInt(b + IE_UID, (int) uid);
      buf.putInt(b + IE_GID, (int) gid);
      buf.putLong(b + IE_MTIME, mtime);
      buf.putInt(b + IE_MTIME_NSEC, mtimeNanos);
      buf.putInt(b + IE_NLINK, (int) nlink);
      for (int i = IE_NLINK + 4; i < INODE_EXTENDED_SIZE; i++) {
        buf.put(b + i, (byte) 0);
      }
    } else {
      buf.putShort(b + IC_FORMAT, (short) format());
      buf.putShort(b + IC_XATTR_ICOUNT, (short) xattrCount);
      buf.putShort(b + IC_MODE, (short) mode);
      buf.putShort(b + IC_NLINK, (short) nlink);
      buf.putInt(b + IC_SIZE, (int) size);
      buf.putInt(b + IC_MTIME, 0);
      buf.putInt(b + IC_U, u);
      buf.putInt(b + IC_INO, (int) ino);
      buf.putShort(b + IC_UID, (short) uid);
      buf.putShort(b + IC_GID, (short) gid);
      buf.putInt(b + IC_GID + 2, 0);
    }
    buf.position(b + length());
  }

  /**
   * Reads an inode at the buffer's position (which must hold 64 bytes, or 32 for a compact one).
   *
   * @param buf a little-endian buffer
   * @param sb the superblock, whose build time compact inodes use
   * @return the inode
   */
  static InodeHeader decode(ByteBuffer buf, Superblock sb) {
    int b = buf.position();
    int format = Short.toUnsignedInt(buf.getShort(b + IC_FORMAT));
    boolean extended = (format & 1) == EROFS_INODE_LAYOUT_EXTENDED;
    int layout = (format >> EROFS_I_DATALAYOUT_BIT) & 7;
    if (extended) {
      return new InodeHeader(
          true,
          layout,
          Short.toUnsignedInt(buf.getShort(b + IE_XATTR_ICOUNT)),
          Short.toUnsignedInt(buf.getShort(b + IE_MODE)),
          LittleEndian.unsigned(buf.getInt(b + IE_NLINK)),
          buf.getLong(b + IE_SIZE),
          buf.getInt(b + IE_U),
          LittleEndian.unsigned(buf.getInt(b + IE_INO)),
          LittleEndian.unsigned(buf.getInt(b + IE_UID)),
          LittleEndian.unsigned(buf.getInt(b + IE_GID)),
          buf.getLong(b + IE_MTIME),
          buf.getInt(b + IE_MTIME_NSEC));
    }
    return new InodeHeader(
        false,
        layout,
        Short.toUnsignedInt(buf.getShort(b + IC_XATTR_ICOUNT)),
        Short.toUnsignedInt(buf.getShort(b + IC_MODE)),
        Short.toUnsignedInt(buf.getShort(b + IC_NLINK)),
        LittleEndian.unsigned(buf.getInt(b + IC_SIZE)),
        buf.getInt(b + IC_U),
        LittleEndian.unsigned(buf.getInt(b + IC_INO)),
        Short.toUnsignedInt(buf.getShort(b + IC_UID)),
        Short.toUnsignedInt(buf.getShort(b + IC_GID)),
        sb.buildTime() + LittleEndian.unsigned(buf.getInt(b + IC_MTIME)),
        sb.buildTimeNanos());
  }

  /**
   * @return the bytes of the xattr area that follows the core (0 without xattrs)
   */
  int xattrAreaLength() {
    return xattrCount == 0 ? 0 : XATTR_IBODY_HEADER_SIZE + 4 * (xattrCount - 1);
  }
}
