package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.Xattr;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * squashfs's extended attributes: which ones it stores ({@code user.}, {@code trusted.}, {@code
 * security.}; {@code user.} only on files and directories, as the kernel allows), and the xattr
 * table mksquashfs writes: each distinct set of attributes once, as a list of (type, name without
 * prefix, value) entries, its values inline unless longer than 128 bytes (then stored before the
 * list and referenced; the limit halves down to 8 while a list would exceed 64 KiB), a value of 8
 * bytes or more that was stored before (by any set) referenced instead of repeated. Stateless.
 */
final class XattrTable {
  /** The prefixes squashfs stores, by their type number. */
  private static final String[] PREFIXES = {"user.", "trusted.", "security."};

  private static final int USER = 0;

  private XattrTable() {}

  /**
   * @param name a full attribute name
   * @return its squashfs type (0 user, 1 trusted, 2 security), or -1 when squashfs has none
   */
  static int type(String name) {
    for (int i = 0; i < PREFIXES.length; i++) {
      if (name.startsWith(PREFIXES[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The attributes of an entry squashfs can store, sorted by name as bytes; the others are dropped
   * with a warning.
   */
  static List<Xattr> storable(List<Xattr> xattrs, PlannedInode inode, ProgressListener listener) {
    if (xattrs.isEmpty()) {
      return List.of();
    }
    List<Xattr> kept = new ArrayList<>(xattrs.size());
    for (Xattr x : xattrs) {
      int type = type(x.name());
      if (type < 0) {
        listener.warn(
            inode.path()
                + ": extended attribute "
                + x.name()
                + " cannot be stored in squashfs (only user.*, trusted.*, security.*); dropped");
      } else if (type == USER && inode.basicType != FILE_TYPE && inode.basicType != DIR_TYPE) {
        listener.warn(
            inode.path()
                + ": extended attribute "
                + x.name()
                + ": Linux allows user.* attributes only on files and directories; dropped");
      } else {
        kept.add(x);
      }
    }
    kept.sort((a, b) -> Arrays.compareUnsigned(utf8(a.name()), utf8(b.name())));
    return List.copyOf(kept);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The encoded table.
   *
   * @param table the key/value metadata blocks, references relative to their start
   * @param ids the xattr id entries (reference, count, size), one per set, uncompressed
   */
  record Encoded(byte[] table, byte[] ids) {}

  /**
   * @param sets the distinct attribute sets, in xattr-index order
   * @param compressor the metadata compressor
   * @return the key/value table and the id entries
   */
  static Encoded encode(List<List<Xattr>> sets, BlockEncoder compressor) {
    MetadataWriter kv = new MetadataWriter(compressor);
    Map<ValueKey, Long> stored = new HashMap<>();
    ByteBuffer ids = LittleEndian.allocate(Math.multiplyExact(sets.size(), XATTR_ID_SIZE));
    for (List<Xattr> set : sets) {
      int n = set.size();
      byte[][] suffix = new byte[n][];
      byte[][] value = new byte[n][];
      for (int i = 0; i < n; i++) {
        String name = set.get(i).name();
        suffix[i] = utf8(name.substring(PREFIXES[type(name)].length()));
        value[i] = set.get(i).value();
      }
      int inlineMax = inlineLimit(suffix, value);
      long[] ool = new long[n];
      for (int i = 0; i < n; i++) {
        Long earlier =
            value[i].length >= XATTR_OOL_SIZE ? stored.get(new ValueKey(value[i])) : null;
        if (earlier != null) {
          ool[i] = earlier;
        } else if (value[i].length > inlineMax) {
          ool[i] = kv.ref();
          writeValue(kv, value[i]);
          stored.putIfAbsent(new ValueKey(value[i]), ool[i]);
        } else {
          ool[i] = -1;
        }
      }
      long setRef = kv.ref();
      int size = 0;
      for (int i = 0; i < n; i++) {
        int type = type(set.get(i).name()) | (ool[i] >= 0 ? XATTR_VALUE_OOL : 0);
        ByteBuffer e = LittleEndian.allocate(XATTR_ENTRY_SIZE + suffix[i].length);
        e.putShort((short) type).putShort((short) suffix[i].length).put(suffix[i]);
        kv.write(e.flip());
        if (ool[i] >= 0) {
          kv.write(
              LittleEndian.allocate(XATTR_VAL_SIZE + XATTR_OOL_SIZE)
                  .putInt(XATTR_OOL_SIZE)
                  .putLong(ool[i])
                  .flip());
        } else {
          long at = kv.ref();
          writeValue(kv, value[i]);
          if (value[i].length >= XATTR_OOL_SIZE) {
            stored.putIfAbsent(new ValueKey(value[i]), at);
          }
        }
        size += utf8(set.get(i).name()).length + 1 + value[i].length;
      }
      ids.putLong(setRef).putInt(n).putInt(size);
    }
    return new Encoded(kv.finish(), ids.array());
  }

  /** mksquashfs's inline limit: 128, halved (down to 8) while the list would exceed 64 KiB. */
  private static int inlineLimit(byte[][] suffix, byte[][] value) {
    int max = XATTR_INLINE_MAX;
    while (true) {
      long total = 0;
      for (int i = 0; i < suffix.length; i++) {
        total +=
            XATTR_ENTRY_SIZE
                + suffix[i].length
                + XATTR_VAL_SIZE
                + (value[i].length > max ? XATTR_OOL_SIZE : value[i].length);
      }
      if (total <= XATTR_TARGET_MAX || max == XATTR_OOL_SIZE) {
        return max;
      }
      max = Math.max(XATTR_OOL_SIZE, max / 2);
    }
  }

  private static void writeValue(MetadataWriter kv, byte[] value) {
    ByteBuffer v = LittleEndian.allocate(XATTR_VAL_SIZE).putInt(value.length);
    kv.write(v.flip());
    kv.write(value);
  }

  /** A value as a map key, compared by content. */
  private record ValueKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ValueKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
