package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.tree.FileType;
import java.nio.ByteBuffer;

/**
 * Encodes the blocks of a {@link DirectoryPlan}: linear blocks, htree leaves (each with its
 * checksum tail), the dx root (with fake {@code .} and {@code ..} entries) and index nodes (each
 * with a dx tail). Stateless.
 */
final class DirectoryEncoder {
  private static final byte[] DOT = {'.'};
  private static final byte[] DOTDOT = {'.', '.'};
  private static final int DIR_TYPE = FileType.DIRECTORY.direntType();

  private DirectoryEncoder() {}

  /**
   * Fills {@code block} (4096 bytes, zeroed, little-endian, position 0) with logical block {@code
   * logical} of the directory.
   *
   * @param d the directory
   * @param logical which block
   * @param block destination
   * @param checksums the file system's checksums
   */
  static void encode(DirectoryPlan d, int logical, ByteBuffer block, Checksums checksums) {
    long ino = d.self.ino;
    if (!d.isHtree()) {
      if (logical == 0) {
        int last = dots(d, block, DirectoryPlan.recLen(2));
        for (int i = 0; i < d.names.size(); i++) {
          last = entry(block, d.targets.get(i), d.names.get(i));
        }
        finishLeaf(block, last, ino, checksums);
      } else {
        block.putInt(0, 0).putShort(4, (short) DIR_LEAF_SPACE);
        finishLeaf(block, 0, ino, checksums);
      }
    } else if (logical == 0) {
      root(d, block, checksums);
    } else if (logical <= d.nodes) {
      node(d, logical - 1, block, checksums);
    } else {
      int leaf = logical - 1 - d.nodes;
      int last = 0;
      for (int i = d.leafStarts[leaf]; i < d.leafStarts[leaf + 1]; i++) {
        int child = d.order[i];
        last = entry(block, d.targets.get(child), d.names.get(child));
      }
      finishLeaf(block, last, ino, checksums);
    }
  }

  /** Writes "." and ".." (the latter with the given rec_len); returns the offset of "..". */
  private static int dots(DirectoryPlan d, ByteBuffer block, int dotdotLength) {
    PlannedInode parent = d.self.parent == null ? d.self : d.self.parent;
    put(block, d.self.ino, DirectoryPlan.recLen(1), DIR_TYPE, DOT);
    int at = block.position();
    put(block, parent.ino, dotdotLength, DIR_TYPE, DOTDOT);
    block.position(at + DirectoryPlan.recLen(2));
    return at;
  }

  /** Writes one entry with its minimal rec_len; returns its offset. */
  private static int entry(ByteBuffer block, PlannedInode target, byte[] name) {
    int at = block.position();
    put(block, target.ino, DirectoryPlan.recLen(name.length), target.type().direntType(), name);
    return at;
  }

  private static void put(ByteBuffer b, long ino, int recLen, int type, byte[] name) {
    int at = b.position();
    b.putInt((int) ino).putShort((short) recLen).put((byte) name.length).put((byte) type);
    b.put(name);
    b.position(at + recLen);
  }

  /** Stretches the last entry to the tail and writes the tail with the block's checksum. */
  private static void finishLeaf(ByteBuffer block, int last, long ino, Checksums checksums) {
    block.putShort(last + 4, (short) (DIR_LEAF_SPACE - last));
    block.putInt(DIR_LEAF_SPACE, 0);
    block.putShort(DIR_LEAF_SPACE + 4, (short) DIR_TAIL_SIZE);
    block.put(DIR_LEAF_SPACE + 6, (byte) 0);
    block.put(DIR_LEAF_SPACE + 7, (byte) DIR_TAIL_FT);
    block.putInt(DIR_LEAF_SPACE + 8, checksums.dirLeaf(ino, block.duplicate().position(0)));
  }

  private static void root(DirectoryPlan d, ByteBuffer block, Checksums checksums) {
    block.position(0);
    dots(d, block, BLOCK_SIZE - DirectoryPlan.recLen(1));
    block.putInt(DX_ROOT_INFO_OFFSET, 0);
    block.put(DX_ROOT_INFO_OFFSET + 4, (byte) HASH_HALF_MD4);
    block.put(DX_ROOT_INFO_OFFSET + 5, (byte) DX_ROOT_INFO_LENGTH);
    block.put(DX_ROOT_INFO_OFFSET + 6, (byte) (d.nodes > 0 ? 1 : 0));
    block.put(DX_ROOT_INFO_OFFSET + 7, (byte) 0);
    int count;
    if (d.nodes == 0) {
      count = d.leaves();
      for (int i = 0; i < count; i++) {
        dxEntry(block, DX_ROOT_ENTRIES, i, d.leafHash(i), 1 + i);
      }
    } else {
      count = d.nodes;
      for (int n = 0; n < count; n++) {
        dxEntry(block, DX_ROOT_ENTRIES, n, d.leafHash(n * DX_NODE_LIMIT), 1 + n);
      }
    }
    countLimit(block, DX_ROOT_ENTRIES, DX_ROOT_LIMIT, count, d.self.ino, checksums);
  }

  private static void node(DirectoryPlan d, int n, ByteBuffer block, Checksums checksums) {
    block.putInt(0, 0).putShort(4, (short) BLOCK_SIZE); // a fake empty entry over the block
    int first = n * DX_NODE_LIMIT;
    int count = Math.min(DX_NODE_LIMIT, d.leaves() - first);
    for (int i = 0; i < count; i++) {
      dxEntry(block, DX_NODE_ENTRIES, i, d.leafHash(first + i), 1 + d.nodes + first + i);
    }
    countLimit(block, DX_NODE_ENTRIES, DX_NODE_LIMIT, count, d.self.ino, checksums);
  }

  /** Entry i of a dx array; entry 0's hash field holds the count and limit instead. */
  private static void dxEntry(ByteBuffer block, int entries, int i, int hash, int logical) {
    int at = entries + i * DX_ENTRY_SIZE;
    if (i > 0) {
      block.putInt(at, hash);
    }
    block.putInt(at + 4, logical);
  }

  private static void countLimit(
      ByteBuffer block, int entries, int limit, int count, long ino, Checksums checksums) {
    block.putShort(entries, (short) limit).putShort(entries + 2, (short) count);
    int tail = entries + limit * DX_ENTRY_SIZE;
    block.putInt(tail, 0);
    block.putInt(tail + 4, checksums.dxNode(ino, block.duplicate().position(0), entries, count));
  }
}
