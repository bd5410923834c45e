package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.Xattr;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * One extended attribute as ext4 stores it: a name index for the namespace, the rest of the name,
 * and the value (POSIX ACLs converted to ext4's compact form). Immutable.
 *
 * @param index {@code e_name_index}
 * @param suffix the name after the namespace prefix
 * @param value the stored value
 */
record XattrEntry(int index, byte[] suffix, byte[] value) {
  static final int INDEX_USER = 1;
  static final int INDEX_POSIX_ACL_ACCESS = 2;
  static final int INDEX_POSIX_ACL_DEFAULT = 3;
  static final int INDEX_TRUSTED = 4;
  static final int INDEX_SECURITY = 6;

  /** Prefixes with their indexes, most specific first (the ACL names are whole names). */
  private static final String[] PREFIXES = {
    "system.posix_acl_access", "system.posix_acl_default", "security.", "trusted.", "user."
  };

  private static final int[] INDEXES = {
    INDEX_POSIX_ACL_ACCESS, INDEX_POSIX_ACL_DEFAULT, INDEX_SECURITY, INDEX_TRUSTED, INDEX_USER
  };

  /** The order of entries in an xattr block, which the kernel's lookup relies on. */
  static final Comparator<XattrEntry> BLOCK_ORDER =
      Comparator.comparingInt(XattrEntry::index)
          .thenComparingInt(e -> e.suffix.length)
          .thenComparing(XattrEntry::suffix, Arrays::compareUnsigned);

  /**
   * @param x an attribute of the tree
   * @return its ext4 form, or null when ext4 has no namespace for it (only user., trusted.,
   *     security. and the two POSIX ACLs are visible through the kernel)
   * @throws IllegalArgumentException when a POSIX ACL value is malformed
   */
  static @Nullable XattrEntry of(Xattr x) {
    for (int i = 0; i < PREFIXES.length; i++) {
      String p = PREFIXES[i];
      boolean acl = i < 2;
      if (acl ? x.name().equals(p) : x.name().startsWith(p)) {
        byte[] suffix = x.name().substring(p.length()).getBytes(StandardCharsets.UTF_8);
        byte[] value = acl ? PosixAcl.toExt4(x.value()) : x.value();
        return new XattrEntry(INDEXES[i], suffix, value);
      }
    }
    return null;
  }

  /**
   * @return bytes of the entry header and name, padded to 4
   */
  int entryLength() {
    return pad(XATTR_ENTRY_SIZE + suffix.length);
  }

  /**
   * @return bytes of the value, padded to 4
   */
  int valueLength() {
    return pad(value.length);
  }

  /**
   * @return bytes this attribute takes in an inode or block
   */
  int cost() {
    return entryLength() + valueLength();
  }

  static int pad(int n) {
    return (n + 3) & ~3;
  }

  /**
   * {@code ext4_xattr_hash_entry}: the name bytes, then the value as padded little-endian words.
   *
   * @return the entry hash
   */
  int hash() {
    int h = 0;
    for (byte b : suffix) {
      h = (h << 5) ^ (h >>> 27) ^ (b & 0xff);
    }
    ByteBuffer v = LittleEndian.wrap(Arrays.copyOf(value, valueLength()));
    while (v.hasRemaining()) {
      h = (h << 16) ^ (h >>> 16) ^ v.getInt();
    }
    return h;
  }

  /**
   * Writes the entry header and name at the buffer's position.
   *
   * @param buf destination
   * @param valueOffset {@code e_value_offs}
   */
  void encode(ByteBuffer buf, int valueOffset) {
    int start = buf.position();
    buf.put((byte) suffix.length)
        .put((byte) index)
        .putShort((short) (value.length == 0 ? 0 : valueOffset))
        .putInt(0)
        .putInt(value.length)
        .putInt(hash())
        .put(suffix);
    buf.position(start + entryLength());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof XattrEntry e
        && index == e.index
        && Arrays.equals(suffix, e.suffix)
        && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return index * 31 + Arrays.hashCode(suffix) * 17 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "XattrEntry[" + index + ":" + new String(suffix, StandardCharsets.UTF_8) + "]";
  }
}
