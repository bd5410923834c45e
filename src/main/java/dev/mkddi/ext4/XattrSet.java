package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.Xattr;
import dev.mkddi.tree.XattrLimit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one inode's extended attributes go: as many as fit (in name order, first fit) in the 96
 * bytes after the inode's extra fields, the rest in one xattr block, sorted as the kernel's lookup
 * expects. Immutable.
 *
 * @param ibody the in-inode entries, in name order
 * @param block the block's entries, in {@link XattrEntry#BLOCK_ORDER}; empty for no block
 */
record XattrSet(List<XattrEntry> ibody, List<XattrEntry> block) {
  /** Entry and value bytes in the inode: the area minus its magic and the terminating word. */
  static final int IBODY_CAPACITY = IBODY_XATTR_SPACE - 8;

  /** Entry and value bytes in a block: the block minus its header and the terminating word. */
  static final int BLOCK_CAPACITY = BLOCK_SIZE - XATTR_HEADER_SIZE - 4;

  static final XattrSet EMPTY = new XattrSet(List.of(), List.of());

  /** What ext4 as written here stores of one entry's xattrs; for {@code TreeOptions}. */
  static final XattrLimit LIMIT =
      xattrs -> {
        try {
          place(storable(xattrs));
          return null;
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      };

  XattrSet {
    ibody = List.copyOf(ibody);
    block = List.copyOf(block);
  }

  /**
   * @param xattrs attributes of the tree, in name order
   * @return those ext4 can store, converted, in the same order (the others are left out)
   * @throws IllegalArgumentException when a POSIX ACL is malformed
   */
  static List<XattrEntry> storable(List<Xattr> xattrs) {
    List<XattrEntry> out = new ArrayList<>(xattrs.size());
    for (Xattr x : xattrs) {
      XattrEntry e = XattrEntry.of(x);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * @param entries attributes in name order
   * @return their placement
   * @throws IllegalArgumentException when they do not fit the inode and one block
   */
  static XattrSet place(List<XattrEntry> entries) {
    if (entries.isEmpty()) {
      return EMPTY;
    }
    List<XattrEntry> in = new ArrayList<>();
    List<XattrEntry> out = new ArrayList<>();
    int free = IBODY_CAPACITY;
    int blockBytes = 0;
    for (XattrEntry e : entries) {
      if (e.cost() <= free) {
        in.add(e);
        free -= e.cost();
      } else {
        out.add(e);
        blockBytes += e.cost();
      }
    }
    if (blockBytes > BLOCK_CAPACITY) {
      throw new IllegalArgumentException(
          "extended attributes of "
              + (IBODY_CAPACITY - free + blockBytes)
              + " bytes (names and values, padded); ext4 with 4096-byte blocks stores at most "
              + IBODY_CAPACITY
              + " in the inode and "
              + BLOCK_CAPACITY
              + " in one block");
    }
    out.sort(XattrEntry.BLOCK_ORDER);
    return new XattrSet(in, out);
  }

  /**
   * @return the in-inode area after the extra fields: magic, entries, terminator, values from the
   *     end down (all zero when no attribute is in the inode)
   */
  byte[] encodeIbody() {
    ByteBuffer b = LittleEndian.allocate(IBODY_XATTR_SPACE);
    if (!ibody.isEmpty()) {
      b.putInt(0, XATTR_MAGIC);
      encodeEntries(b, ibody, 4, 4, IBODY_XATTR_SPACE);
    }
    return b.array();
  }

  /**
   * @return the xattr block without its checksum (set per block number when written)
   */
  byte[] encodeBlock(int refcount) {
    ByteBuffer b = LittleEndian.allocate(BLOCK_SIZE);
    b.putInt(0, XATTR_MAGIC).putInt(XATTR_H_REFCOUNT, refcount).putInt(XATTR_H_BLOCKS, 1);
    b.putInt(XATTR_H_HASH, blockHash());
    encodeEntries(b, block, XATTR_HEADER_SIZE, 0, BLOCK_SIZE);
    return b.array();
  }

  /** Entries from {@code at}, values packed down from {@code end}; offsets from {@code base}. */
  private static void encodeEntries(
      ByteBuffer buf, List<XattrEntry> entries, int at, int base, int end) {
    int valueEnd = end;
    buf.position(at);
    for (XattrEntry e : entries) {
      valueEnd -= e.valueLength();
      e.encode(buf, valueEnd - base);
      buf.put(valueEnd, e.value());
    }
    buf.putInt(0); // terminator
  }

  /** {@code ext4_xattr_rehash}: the block hash from the entry hashes. */
  private int blockHash() {
    int h = 0;
    for (XattrEntry e : block) {
      int eh = e.hash();
      if (eh == 0) {
        return 0;
      }
      h = (h << 16) ^ (h >>> 16) ^ eh;
    }
    return h;
  }
}
