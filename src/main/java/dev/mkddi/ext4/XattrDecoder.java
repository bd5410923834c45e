package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.Xattr;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the xattr entries of an inode's extra space and of its xattr block. Stateless. */
final class XattrDecoder {
  private XattrDecoder() {}

  /**
   * @param ibody the 96 bytes after the inode's extra fields
   * @param block the xattr block, or null
   * @param file the image name, for messages
   * @return the attributes, sorted by name, POSIX ACLs in the xattr interface's form
   * @throws FormatException when an entry runs outside its area
   */
  static List<Xattr> decode(byte[] ibody, @Nullable ByteBuffer block, String file)
      throws FormatException {
    List<Xattr> out = new ArrayList<>();
    ByteBuffer in = LittleEndian.wrap(ibody);
    if (in.getInt(0) == XATTR_MAGIC) {
      entries(in, 4, 4, out, file);
    }
    if (block != null) {
      if (block.getInt(0) != XATTR_MAGIC) {
        throw new FormatException(file, 0, "xattr block magic", "expected 0xea020000");
      }
      entries(block, XATTR_HEADER_SIZE, 0, out, file);
    }
    out.sort(null);
    return out;
  }

  private static void entries(ByteBuffer b, int at, int base, List<Xattr> out, String file)
      throws FormatException {
    while (at + 4 <= b.limit() && b.getInt(at) != 0) {
      int nameLen = b.get(at) & 0xff;
      int index = b.get(at + 1) & 0xff;
      int valueOffs = Short.toUnsignedInt(b.getShort(at + 2));
      int size = b.getInt(at + 8);
      if (at + XATTR_ENTRY_SIZE + nameLen > b.limit()
          || size < 0
          || base + valueOffs + size > b.limit()) {
        throw new FormatException(file, at, "xattr entry", "runs past its area");
      }
      byte[] suffix = new byte[nameLen];
      b.get(at + XATTR_ENTRY_SIZE, suffix);
      byte[] value = new byte[size];
      b.get(base + valueOffs, value);
      String s = new String(suffix, StandardCharsets.UTF_8);
      String fullName =
          switch (index) {
            case XattrEntry.INDEX_USER -> "user." + s;
            case XattrEntry.INDEX_POSIX_ACL_ACCESS -> "system.posix_acl_access";
            case XattrEntry.INDEX_POSIX_ACL_DEFAULT -> "system.posix_acl_default";
            case XattrEntry.INDEX_TRUSTED -> "trusted." + s;
            case XattrEntry.INDEX_SECURITY -> "security." + s;
            default ->
                throw new FormatException(file, at + 1, "xattr name index", "unknown " + index);
          };
      if (index == XattrEntry.INDEX_POSIX_ACL_ACCESS
          || index == XattrEntry.INDEX_POSIX_ACL_DEFAULT) {
        value = PosixAcl.fromExt4(value);
      }
      out.add(new Xattr(fullName, value));
      at += XattrEntry.pad(XATTR_ENTRY_SIZE + nameLen);
    }
  }
}
