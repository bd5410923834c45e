package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the leaf blocks of an htree directory that may hold a name, as the kernel's {@code
 * dx_probe} does: at each level the last index entry whose hash is not above the name's, then the
 * following leaves while their hash continues a collision run (low bit set, same hash). Stateless.
 */
final class HtreeLookup {
  private HtreeLookup() {}

  /**
   * @param r the reader
   * @param dir the directory's inode number
   * @param d the directory's inode
   * @param hash the name's hash (low bit clear)
   * @return logical blocks of the candidate leaves
   * @throws IOException when an index block cannot be read or is invalid
   */
  static List<Long> leaves(Ext4Reader r, long dir, Inode d, int hash) throws IOException {
    ByteBuffer root = r.dirBlock(dir, d, 0);
    int levels = root.get(DX_ROOT_INFO_OFFSET + 6) & 0xff;
    if ((root.get(DX_ROOT_INFO_OFFSET + 4) & 0xff) != HASH_HALF_MD4 || levels > 1) {
      throw new FormatException(
          r.name(), 0, "htree root of inode " + dir, "unsupported hash or depth");
    }
    ByteBuffer node = root;
    int entries = DX_ROOT_ENTRIES;
    for (int level = 0; level < levels; level++) {
      node = r.dirBlock(dir, d, pick(node, entries, hash)[0]);
      entries = DX_NODE_ENTRIES;
    }
    int[] at = pick(node, entries, hash);
    List<Long> out = new ArrayList<>();
    out.add((long) at[0]);
    int count = Short.toUnsignedInt(node.getShort(entries + 2));
    for (int i = at[1] + 1; i < count; i++) {
      int h = node.getInt(entries + i * DX_ENTRY_SIZE);
      if ((h & 1) == 0 || (h & ~1) != hash) {
        break;
      }
      out.add(Integer.toUnsignedLong(node.getInt(entries + i * DX_ENTRY_SIZE + 4)));
    }
    return out;
  }

  /** The block and index of the last entry whose hash is not above {@code hash}. */
  private static int[] pick(ByteBuffer node, int entries, int hash) {
    int count = Short.toUnsignedInt(node.getShort(entries + 2));
    int lo = 1;
    int hi = count - 1;
    while (lo <= hi) {
      int m = (lo + hi) >>> 1;
      if (Integer.compareUnsigned(node.getInt(entries + m * DX_ENTRY_SIZE), hash) > 0) {
        hi = m - 1;
      } else {
        lo = m + 1;
      }
    }
    int index = lo - 1;
    return new int[] {node.getInt(entries + index * DX_ENTRY_SIZE + 4), index};
  }
}
