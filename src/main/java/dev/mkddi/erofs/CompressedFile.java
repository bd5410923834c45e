package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A regular file stored compressed: its physical clusters, where their blocks wait in the spool
 * file, and the cluster that is stored inline after the indexes (tail packing). Its piece of the
 * metadata area is the inode core and xattrs, the 8-byte map header (8-byte aligned), the compacted
 * indexes and the inline cluster. Immutable.
 *
 * @param pclusters the clusters in file order
 * @param blocks data blocks of the clusters that are not inline
 * @param segments spool byte offset and block count of each run of blocks, in file order
 * @param inlineAt spool offset of the inline cluster's bytes
 * @param inlineLength bytes of the inline cluster, 0 when there is none
 * @param algorithm the compressor's EROFS id
 * @param big whether clusters may span several blocks
 */
record CompressedFile(
    List<ClusterIndex.Pcluster> pclusters,
    long blocks,
    List<long[]> segments,
    long inlineAt,
    int inlineLength,
    int algorithm,
    boolean big) {

  CompressedFile {
    pclusters = List.copyOf(pclusters);
    segments = List.copyOf(segments);
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
    buf.putShort(header, (short) 0);
    buf.putShort(header + MH_IDATA_SIZE, (short) inlineLength);
    buf.putShort(header + MH_ADVISE, (short) advise());
    buf.put(header + MH_ALGORITHMTYPE, (byte) algorithm);
    buf.put(header + MH_CLUSTERBITS, (byte) 0);
    buf.position(header + Z_EROFS_MAP_HEADER_SIZE);
    ClusterIndex.encode(buf, size, ClusterIndex.indexStart(baseLength), pclusters, firstBlock, big);
  }
}
