package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A regular file stored compressed: its physical clusters, where their blocks wait in the spool
 * file, and the cluster that is stored inline after the indexes (tail packing). Its piece of the
 * metadata area is the inode core and xattrs, the 8-byte map header (8-byte aligned), the compacted
 * indexes and the inline cluster. With a fragment, the file's last extent (or the whole file) is in
 * the packed inode: a whole-file fragment has no indexes, only the map header holding its offset
 * ({@code EROFS_INODE_COMPRESSED_FULL}, as mkfs.erofs writes it). Immutable.
 *
 * @param pclusters the clusters in file order
 * @param blocks data blocks of the clusters that are not inline
 * @param segments spool byte offset and block count of each run of blocks, in file order
 * @param inlineAt spool offset of the inline cluster's bytes
 * @param inlineLength bytes of the inline cluster, 0 when there is none
 * @param algorithm the compressor's EROFS id
 * @param big whether clusters may span several blocks
 * @param fragment the bytes kept in the packed inode, or null
 */
record CompressedFile(
    List<ClusterIndex.Pcluster> pclusters,
    long blocks,
    List<long[]> segments,
    long inlineAt,
    int inlineLength,
    int algorithm,
    boolean big,
    @Nullable Fragment fragment) {

  /** Bit 63 of the map header as a le64: {@code Z_EROFS_FRAGMENT_INODE_BIT} of h_clusterbits. */
  static final long WHOLE_FRAGMENT_BIT =
      1L << (MH_CLUSTERBITS * Byte.SIZE + Z_EROFS_FRAGMENT_INODE_BIT);

  CompressedFile {
    pclusters = List.copyOf(pclusters);
    segments = List.copyOf(segments);
  }

  /**
   * The end of a file (or all of it) stored in the packed inode.
   *
   * @param length bytes
   * @param runs spool byte offset and length of each piece, in file order
   * @param whole whether it is the whole file
   * @param offset where it starts in the packed inode, -1 until placed
   */
  record Fragment(long length, List<long[]> runs, boolean whole, long offset) {
    Fragment {
      runs = List.copyOf(runs);
    }
  }

  /**
   * @param offset where the fragment starts in the packed inode
   * @return a copy with the fragment placed
   */
  CompressedFile withFragmentOffset(long offset) {
    Fragment f = java.util.Objects.requireNonNull(fragment, "no fragment");
    return new CompressedFile(
        pclusters,
        blocks,
        segments,
        inlineAt,
        inlineLength,
        algorithm,
        big,
        new Fragment(f.length(), f.runs(), f.whole(), offset));
  }

  /**
   * @return whether the whole file is one fragment
   */
  boolean wholeFragment() {
    return fragment != null && fragment.whole();
  }

  /**
   * @return the inode's data layout
   */
  int layout() {
    return wholeFragment() ? EROFS_INODE_COMPRESSED_FULL : EROFS_INODE_COMPRESSED_COMPACT;
  }

  /**
   * @param baseLength bytes of the inode core and xattrs
   * @param size the file size
   * @return bytes of the inode's piece of the metadata area
   */
  int metaLength(int baseLength, long size) {
    return wholeFragment()
        ? (int) MetadataLayout.align(baseLength, Z_EROFS_MAP_HEADER_ALIGN)
            + Z_EROFS_FULL_MAP_HEADER_SIZE
        : metaLength(baseLength, size, inlineLength);
  }

  /**
   * @return the map header's {@code h_advise}
   */
  int advise() {
    int a = Z_EROFS_ADVISE_COMPACTED_2B;
    if (big) {
      a |= Z_EROFS_ADVISE_BIG_PCLUSTER_1 | Z_EROFS_ADVISE_BIG_PCLUSTER_2;
    }
    if (inlineLength > 0) {
      a |= Z_EROFS_ADVISE_INLINE_PCLUSTER;
    }
    if (fragment != null) {
      a |= Z_EROFS_ADVISE_FRAGMENT_PCLUSTER;
    }
    return a;
  }

  /**
   * @param baseLength bytes of the inode core and xattrs
   * @param size the file size
   * @param inlineLength bytes of the inline cluster
   * @return bytes of the inode's piece of the metadata area
   */
  static int metaLength(int baseLength, long size, int inlineLength) {
    int start = ClusterIndex.indexStart(baseLength);
    return start + ClusterIndex.size(size, start) + inlineLength;
  }

  /**
   * The largest inline cluster that does not cross a block, wherever the piece is placed: a piece
   * up to a block long stays in one block, a longer one starts on a block boundary.
   *
   * @param baseLength bytes of the inode core and xattrs
   * @param size the file size
   * @return at most this many bytes can be inline (less than a block)
   */
  static int maxInline(int baseLength, long size) {
    int before = metaLength(baseLength, size, 0);
    return Math.min(BLOCK_SIZE - 1, BLOCK_SIZE - before % BLOCK_SIZE);
  }

  /**
   * Writes the map header and the indexes.
   *
   * @param buf receives them at its position, which must be the 8-byte aligned end of the xattrs
   * @param size the file size
   * @param baseLength bytes of the inode core and xattrs
   * @param firstBlock the image block of the first cluster
   */
  void encodeMap(ByteBuffer buf, long size, int baseLength, long firstBlock) {
    int header = buf.position();
    Fragment f = fragment;
    if (f != null && f.offset() < 0) {
      throw new IllegalStateException("fragment not placed");
    }
    if (f != null && f.whole()) {
      buf.putLong(header, f.offset() | WHOLE_FRAGMENT_BIT);
      buf.putLong(header + Z_EROFS_MAP_HEADER_SIZE, 0);
      buf.position(header + Z_EROFS_FULL_MAP_HEADER_SIZE);
      return;
    }
    if (f != null) {
      buf.putInt(header, (int) f.offset());
    } else {
      buf.putShort(header, (short) 0);
      buf.putShort(header + MH_IDATA_SIZE, (short) inlineLength);
    }
    buf.putShort(header + MH_ADVISE, (short) advise());
    buf.put(header + MH_ALGORITHMTYPE, (byte) algorithm);
    buf.put(header + MH_CLUSTERBITS, (byte) 0);
    buf.position(header + Z_EROFS_MAP_HEADER_SIZE);
    ClusterIndex.encode(buf, size, ClusterIndex.indexStart(baseLength), pclusters, firstBlock, big);
  }
}
