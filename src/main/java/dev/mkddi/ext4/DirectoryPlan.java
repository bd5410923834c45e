package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * The blocks of one directory. One that fits a block is linear: {@code .}, {@code ..} and the
 * entries in name order. A larger one is an htree, as the kernel makes when a directory outgrows
 * its first block: block 0 is the dx root, then (for more than 507 leaves) index nodes, then leaves
 * filled in order of name hash, each ending in a checksum tail. Immutable after construction.
 */
final class DirectoryPlan {
  final PlannedInode self;
  final List<byte[]> names;
  final List<PlannedInode> targets;

  /** Logical blocks of the directory. */
  final int blocks;

  /** For an htree: child indexes in hash order; empty for a linear directory. */
  final int[] order;

  /** For an htree: the hash of each child, by child index; empty for a linear directory. */
  final int[] hashes;

  /** For an htree: where each leaf starts in {@link #order}, plus the end; empty if linear. */
  final int[] leafStarts;

  /** For an htree: index node blocks (0 when the root points at the leaves). */
  final int nodes;

  /**
   * @param self the directory's inode
   * @param names its entries' names in name order, without {@code .} and {@code ..}
   * @param targets the inodes they name
   * @param hash the file system's name hash
   * @param minBlocks blocks a linear directory is padded to (lost+found gets 4, as mke2fs makes it)
   * @throws InvalidInputException when the directory needs more than two htree levels
   */
  DirectoryPlan(
      PlannedInode self,
      List<byte[]> names,
      List<PlannedInode> targets,
      DirHash hash,
      int minBlocks)
      throws InvalidInputException {
    this.self = self;
    this.names = names;
    this.targets = targets;
    int linear = 2 * recLen(2); // "." and ".." (both 12 bytes)
    for (byte[] n : names) {
      linear += recLen(n.length);
    }
    if (linear <= DIR_LEAF_SPACE) {
      blocks = minBlocks;
      order = new int[0];
      hashes = new int[0];
      leafStarts = new int[0];
      nodes = 0;
      return;
    }
    hashes = new int[names.size()];
    Integer[] idx = new Integer[names.size()];
    for (int i = 0; i < idx.length; i++) {
      hashes[i] = hash.hash(names.get(i));
      idx[i] = i;
    }
    // by hash (unsigned), then name: equal hashes may span leaves, marked by the low bit
    Arrays.sort(
        idx,
        (a, b) -> {
          int c = Integer.compareUnsigned(hashes[a], hashes[b]);
          return c != 0 ? c : Arrays.compareUnsigned(names.get(a), names.get(b));
        });
    order = new int[idx.length];
    int[] starts = new int[idx.length + 1];
    int leaves = 0;
    int used = DIR_LEAF_SPACE;
    for (int i = 0; i < idx.length; i++) {
      order[i] = idx[i];
      int len = recLen(names.get(idx[i]).length);
      if (used + len > DIR_LEAF_SPACE) {
        starts[leaves++] = i;
        used = 0;
      }
      used += len;
    }
    starts[leaves] = idx.length;
    leafStarts = Arrays.copyOf(starts, leaves + 1);
    nodes = leaves <= DX_ROOT_LIMIT ? 0 : (int) Geometry.ceilDiv(leaves, DX_NODE_LIMIT);
    if (nodes > DX_ROOT_LIMIT) {
      throw new InvalidInputException(
          self.path()
              + ": "
              + names.size()
              + " entries need more than two htree levels (ext4 without large_dir)");
    }
    blocks = 1 + nodes + leaves;
  }

  /**
   * @param nameLength bytes of a name
   * @return the {@code rec_len} of an entry with that name
   */
  static int recLen(int nameLength) {
    return (DIRENT_HEADER + nameLength + 3) & ~3;
  }

  boolean isHtree() {
    return leafStarts.length > 0;
  }

  int leaves() {
    return leafStarts.length - 1;
  }

  /**
   * @param leaf a leaf
   * @return its hash in the index: its first entry's hash, with the low bit set when the previous
   *     leaf ends with the same hash (a collision run continues)
   */
  int leafHash(int leaf) {
    int first = hashes[order[leafStarts[leaf]]];
    if (leaf > 0 && hashes[order[leafStarts[leaf] - 1]] == first) {
      return first | 1;
    }
    return first;
  }

  /**
   * @return the number of subdirectories (for the link count)
   */
  int subdirectories() {
    int n = 0;
    for (PlannedInode t : targets) {
      if (t.isDirectory()) {
        n++;
      }
    }
    return n;
  }
}
