package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.Xattr;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes the inline xattr area of an inode: a 12-byte {@code erofs_xattr_ibody_header}
 * (no shared xattrs, no name filter) followed by {@code erofs_xattr_entry} records, each padded to
 * 4 bytes. Stateless.
 */
final class XattrCodec {
  /** Namespace prefixes and their {@code e_name_index}; the ACL names are whole names. */
  private static final String[] PREFIXES = {
    "user.", "system.posix_acl_access", "system.posix_acl_default", "trusted.", "security."
  };

  private static final int[] INDEXES = {
    EROFS_XATTR_INDEX_USER,
    EROFS_XATTR_INDEX_POSIX_ACL_ACCESS,
    EROFS_XATTR_INDEX_POSIX_ACL_DEFAULT,
    EROFS_XATTR_INDEX_TRUSTED,
    EROFS_XATTR_INDEX_SECURITY
  };

  private static final int MAX_NAME = 255;
  private static final int MAX_VALUE = 0xFFFF;

  /**
   * Largest xattr area that fits next to any inode core in its block: an extended core, as whether
   * an inode gets one depends on its mtime and the build time, decided after the tree is read.
   */
  static final int MAX_AREA = BLOCK_SIZE - INODE_EXTENDED_SIZE;

  private XattrCodec() {}

  /**
   * The check {@link ErofsWriter#XATTR_LIMIT} makes while the sources are read.
   *
   * @param xattrs the attributes of one entry (those EROFS cannot store at all are not counted: the
   *     writer drops them with a warning)
   * @return why EROFS cannot store them next to the inode, or {@code null}
   */
  static @Nullable String problem(List<Xattr> xattrs) {
    long length = XATTR_IBODY_HEADER_SIZE;
    boolean any = false;
    for (Xattr x : xattrs) {
      int i = index(x.name());
      if (i < 0) {
        continue;
      }
      any = true;
      int suffix = x.name().substring(PREFIXES[i].length()).getBytes(StandardCharsets.UTF_8).length;
      if (suffix > MAX_NAME) {
        return "extended attribute name "
            + x.name()
            + " has "
            + suffix
            + " bytes after "
            + PREFIXES[i]
            + ", EROFS allows at most "
            + MAX_NAME;
      }
      length += align(XATTR_ENTRY_SIZE + suffix + x.valueLength());
    }
    if (any && length > MAX_AREA) {
      return "extended attributes need "
          + length
          + " bytes in EROFS, at most "
          + MAX_AREA
          + " fit next to the inode";
    }
    return null;
  }

  /**
   * @param name a full xattr name
   * @return whether EROFS can store it (user., trusted., security., the two POSIX ACLs)
   */
  static boolean supported(String name) {
    return index(name) >= 0;
  }

  private static int index(String name) {
    for (int i = 0; i < PREFIXES.length; i++) {
      boolean whole = PREFIXES[i].startsWith("system.");
      if (whole ? name.equals(PREFIXES[i]) : name.startsWith(PREFIXES[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @param xattrs the attributes, all {@link #supported}
   * @param path the inode's path, for messages
   * @return the xattr area, empty when there are no attributes
   * @throws InvalidInputException when a name suffix exceeds 255 bytes or a value 65535 bytes
   */
  static byte[] encode(List<Xattr> xattrs, Supplier<String> path) throws InvalidInputException {
    if (xattrs.isEmpty()) {
      return new byte[0];
    }
    int length = XATTR_IBODY_HEADER_SIZE;
    List<byte[]> suffixes = new ArrayList<>();
    for (Xattr x : xattrs) {
      int i = index(x.name());
      byte[] suffix = x.name().substring(PREFIXES[i].length()).getBytes(StandardCharsets.UTF_8);
      if (suffix.length > MAX_NAME || x.valueLength() > MAX_VALUE) {
        throw new InvalidInputException(
            path.get()
                + ": extended attribute "
                + x.name()
                + " too large"
                + " for EROFS (name after the prefix at most 255 bytes, value at most 65535)");
      }
      suffixes.add(suffix);
      length += align(XATTR_ENTRY_SIZE + suffix.length + x.valueLength());
    }
    ByteBuffer buf = LittleEndian.allocate(length);
    buf.position(XATTR_IBODY_HEADER_SIZE);
    for (int k = 0; k < xattrs.size(); k++) {
      Xattr x = xattrs.get(k);
      byte[] suffix = suffixes.get(k);
      int start = buf.position();
      buf.put((byte) suffix.length).put((byte) INDEXES[index(x.name())]);
      buf.putShort((short) x.valueLength()).put(suffix).put(x.value());
      buf.position(start + align(XATTR_ENTRY_SIZE + suffix.length + x.valueLength()));
    }
    return buf.array();
  }

  /**
   * @param areaLength length of an encoded xattr area
   * @return the {@code i_xattr_icount} that describes it
   */
  static int icount(int areaLength) {
    return areaLength == 0 ? 0 : 1 + (areaLength - XATTR_IBODY_HEADER_SIZE) / 4;
  }

  /**
   * Decodes an inline xattr area.
   *
   * @param area the bytes of the area
   * @param file the image, for messages
   * @param offset where the area is in the image
   * @return the attributes in stored order
   * @throws FormatException when the area uses shared xattrs or an entry overruns it
   */
  static List<Xattr> decode(byte[] area, String file, long offset) throws FormatException {
    List<Xattr> list = new ArrayList<>();
    if (area.length == 0) {
      return list;
    }
    ByteBuffer buf = LittleEndian.wrap(area);
    int shared = Byte.toUnsignedInt(buf.get(XH_SHARED_COUNT));
    if (shared != 0) {
      throw new FormatException(
          file,
          offset + XH_SHARED_COUNT,
          "h_shared_count",
          "shared xattrs are not supported, got " + shared);
    }
    int pos = XATTR_IBODY_HEADER_SIZE;
    while (pos + XATTR_ENTRY_SIZE <= area.length) {
      int nameLen = Byte.toUnsignedInt(buf.get(pos + XE_NAME_LEN));
      int index = Byte.toUnsignedInt(buf.get(pos + XE_NAME_INDEX));
      int valueLen = Short.toUnsignedInt(buf.getShort(pos + XE_VALUE_SIZE));
      int end = pos + XATTR_ENTRY_SIZE + nameLen + valueLen;
      if (end > area.length) {
        throw new FormatException(
            file,
            offset + pos,
            "erofs_xattr_entry",
            "entry of " + (end - pos) + " bytes overruns the xattr area");
      }
      int i = Arrays.stream(INDEXES).boxed().toList().indexOf(index);
      if (i < 0) {
        throw new FormatException(
            file, offset + pos + XE_NAME_INDEX, "e_name_index", "unsupported index " + index);
      }
      String suffix = new String(area, pos + XATTR_ENTRY_SIZE, nameLen, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(area, end - valueLen, end);
      try {
        list.add(new Xattr(PREFIXES[i] + suffix, value));
      } catch (IllegalArgumentException e) {
        // a NUL in the name, or nothing after the prefix
        throw new FormatException(
            file,
            offset + pos + XATTR_ENTRY_SIZE,
            "erofs_xattr_entry name",
            String.valueOf(e.getMessage()));
      }
      pos += align(end - pos);
    }
    return list;
  }

  private static int align(int n) {
    return (n + XATTR_ALIGN - 1) & -XATTR_ALIGN;
  }
}
