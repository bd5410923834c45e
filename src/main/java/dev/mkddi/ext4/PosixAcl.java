package dev.mkddi.ext4;

import dev.mkddi.io.LittleEndian;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Converts POSIX ACLs between the form the kernel's xattr interface (and tar) uses, {@code
 * posix_acl_xattr} version 2 with 8-byte entries, and ext4's on-disk form, version 1 with 4-byte
 * entries for the owner, group, mask and other and 8-byte entries for named users and groups.
 * Stateless.
 */
final class PosixAcl {
  static final int XATTR_VERSION = 2;
  static final int EXT4_VERSION = 1;
  static final int ACL_USER_OBJ = 0x01;
  static final int ACL_USER = 0x02;
  static final int ACL_GROUP_OBJ = 0x04;
  static final int ACL_GROUP = 0x08;
  static final int ACL_MASK = 0x10;
  static final int ACL_OTHER = 0x20;

  private PosixAcl() {}

  /**
   * @param xattr an ACL as {@code getxattr} returns it
   * @return the same ACL as ext4 stores it
   * @throws IllegalArgumentException when the value is not a version 2 ACL
   */
  static byte[] toExt4(byte[] xattr) {
    if (xattr.length < 4 || (xattr.length - 4) % 8 != 0) {
      throw new IllegalArgumentException(
          "POSIX ACL of " + xattr.length + " bytes (expected 4 + 8 per entry)");
    }
    ByteBuffer in = LittleEndian.wrap(xattr);
    int version = in.getInt();
    if (version != XATTR_VERSION) {
      throw new IllegalArgumentException("POSIX ACL version " + version + ", expected 2");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer e = LittleEndian.allocate(8);
    out.write(e.putInt(0, EXT4_VERSION).array(), 0, 4);
    while (in.hasRemaining()) {
      short tag = in.getShort();
      short perm = in.getShort();
      int id = in.getInt();
      e.clear();
      e.putShort(tag).putShort(perm);
      switch (tag) {
        case ACL_USER_OBJ, ACL_GROUP_OBJ, ACL_MASK, ACL_OTHER -> out.write(e.array(), 0, 4);
        case ACL_USER, ACL_GROUP -> out.write(e.putInt(id).array(), 0, 8);
        default -> throw new IllegalArgumentException("POSIX ACL entry with tag " + tag);
      }
    }
    return out.toByteArray();
  }

  /**
   * @param ext4 an ACL as ext4 stores it
   * @return the same ACL as {@code getxattr} returns it
   * @throws IllegalArgumentException when the value is not a version 1 ext4 ACL
   */
  static byte[] fromExt4(byte[] ext4) {
    ByteBuffer in = LittleEndian.wrap(ext4);
    if (ext4.length < 4 || in.getInt() != EXT4_VERSION) {
      throw new IllegalArgumentException("not an ext4 ACL");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer e = LittleEndian.allocate(8);
    out.write(e.putInt(0, XATTR_VERSION).array(), 0, 4);
    while (in.remaining() >= 4) {
      short tag = in.getShort();
      short perm = in.getShort();
      int id = -1;
      if (tag == ACL_USER || tag == ACL_GROUP) {
        id = in.getInt();
      }
      out.write(e.clear().putShort(tag).putShort(perm).putInt(id).array(), 0, 8);
    }
    return out.toByteArray();
  }
}
