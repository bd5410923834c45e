package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.compress.BlockCompressor;
import dev.mkddi.compress.Fit;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one segment of a file into physical clusters, as mkfs.erofs does: each cluster is as much
 * input as its compressor fits into the cluster size, kept only if it saves a block (else one block
 * of the bytes themselves); the last bytes of a file, up to a block, are stored as they are, or
 * with tail packing inline after the indexes (compressed if that is smaller). Compressed data is
 * right-aligned in its blocks behind zeros, stored data left-aligned. With fragments, the end of a
 * file that would not fill a cluster (all of it when it fits one, or with {@code -Eall-fragments})
 * is left for the packed inode instead, as mkfs.erofs does. One instance per thread.
 */
final class SegmentCompressor implements AutoCloseable {
  /** Most decompressed bytes in one cluster (the kernel allows 12 MiB; mkfs.erofs's default). */
  static final int MAX_EXTENT = 1 << 20;

  private final ErofsCompression settings;
  private final BlockCompressor compressor;
  private final byte[] scratch;
  private byte[] out = new byte[0];

  SegmentCompressor(ErofsCompression settings) {
    this.settings = settings;
    this.compressor = settings.newCompressor();
    this.scratch = new byte[settings.pclusterSize()];
  }

  /**
   * The clusters of one segment and the bytes to store for them.
   *
   * @param pclusters clusters in file order
   * @param data their blocks, then the inline cluster's bytes
   * @param blocks blocks in {@code data}
   * @param inlineLength bytes of the inline cluster at the end of {@code data}
   * @param fragment bytes at the end of the segment left for the packed inode (not in {@code
   *     pclusters})
   */
  record Result(
      List<ClusterIndex.Pcluster> pclusters,
      byte[] data,
      int blocks,
      int inlineLength,
      int fragment) {
    int dataLength() {
      return blocks * BLOCK_SIZE + inlineLength;
    }
  }

  /**
   * @param in the segment's bytes from index 0
   * @param length how many
   * @param start the segment's offset in the file
   * @param last whether the segment ends the file
   * @param maxInline the largest inline cluster this file's metadata can hold
   * @return the clusters
   */
  Result compress(byte[] in, int length, long start, boolean last, int maxInline) {
    int pcluster = settings.pclusterSize();
    int need = length + pcluster + BLOCK_SIZE;
    if (out.length < need) {
      out = new byte[need];
    }
    List<ClusterIndex.Pcluster> list = new ArrayList<>();
    int blocks = 0;
    int inline = 0;
    int p = 0;
    int fragment = 0;
    while (p < length) {
      int len = length - p;
      long at = start + p;
      Fit fit = null;
      if (settings.fragments() == ErofsCompression.Fragments.ALL
          || (last && settings.fragments() != ErofsCompression.Fragments.OFF && len <= pcluster)) {
        fragment = len;
        break;
      }
      if (last && settings.fragments() != ErofsCompression.Fragments.OFF && len <= MAX_EXTENT) {
        // the rest fits one cluster that it would not fill: into the packed inode with it
        fit = compressor.compressToFit(in, p, len, scratch, 0, pcluster);
        if (fit.consumed() == len && fit.written() < pcluster) {
          fragment = len;
          break;
        }
      } else if (last && settings.ztailpacking() && len <= pcluster) {
        fit = compressor.compressToFit(in, p, len, scratch, 0, pcluster);
        if (fit.consumed() == len && fit.written() < len && fit.written() <= maxInline) {
          System.arraycopy(scratch, 0, out, blocks * BLOCK_SIZE, fit.written());
          list.add(new ClusterIndex.Pcluster(at, len, 0, true));
          inline = fit.written();
          break;
        }
        if (len <= maxInline && len < BLOCK_SIZE) {
          System.arraycopy(in, p, out, blocks * BLOCK_SIZE, len);
          list.add(new ClusterIndex.Pcluster(at, len, 0, false));
          inline = len;
          break;
        }
      }
      int plain = 1;
      if (!(last && len <= BLOCK_SIZE)) {
        int n = Math.min(len, MAX_EXTENT);
        if (fit == null || n != len) {
          fit = compressor.compressToFit(in, p, n, scratch, 0, pcluster);
        }
        int used = (fit.written() + BLOCK_SIZE - 1) / BLOCK_SIZE;
        if (fit.written() > 0 && fit.consumed() > used * BLOCK_SIZE) {
          int to = (blocks + used) * BLOCK_SIZE;
          java.util.Arrays.fill(out, blocks * BLOCK_SIZE, to - fit.written(), (byte) 0);
          System.arraycopy(scratch, 0, out, to - fit.written(), fit.written());
          list.add(new ClusterIndex.Pcluster(at, fit.consumed(), used, true));
          blocks += used;
          p += fit.consumed();
          continue;
        }
        // what the compressor took in did not shrink: store it block by block without trying
        // again at every block (mkfs.erofs tries again, at a cost that grows with -C)
        plain = Math.max(1, fit.consumed() / BLOCK_SIZE);
      }
      for (int k = 0; k < plain && p < length; k++) {
        int count = Math.min(BLOCK_SIZE, length - p);
        int from = blocks * BLOCK_SIZE;
        System.arraycopy(in, p, out, from, count);
        java.util.Arrays.fill(out, from + count, from + BLOCK_SIZE, (byte) 0);
        list.add(new ClusterIndex.Pcluster(start + p, count, 1, false));
        blocks++;
        p += count;
      }
    }
    return new Result(list, out, blocks, inline, fragment);
  }

  @Override
  public void close() {
    compressor.close();
  }
}
