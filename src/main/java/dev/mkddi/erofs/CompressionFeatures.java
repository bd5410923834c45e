package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import java.util.List;

/**
 * What the superblock announces about compression, from the files that ended up compressed: the
 * {@code feature_incompat} bits, the {@code u1} field ({@code available_compr_algs} with
 * configurations, else {@code lz4_max_distance}) and the configuration records. An image without
 * compressed files announces nothing, so any kernel mounts it. Immutable.
 *
 * @param incompat {@code feature_incompat}
 * @param u1 the superblock's {@code u1} field
 * @param configs the records that follow the superblock
 */
record CompressionFeatures(int incompat, int u1, byte[] configs) {
  /** No compressed file. */
  static final CompressionFeatures NONE = new CompressionFeatures(0, 0, new byte[0]);

  CompressionFeatures {
    configs = configs.clone();
  }

  @Override
  public byte[] configs() {
    return configs.clone();
  }

  /**
   * @param inodes all inodes, after compression
   * @param settings the compression
   * @return the features the compressed files need
   */
  static CompressionFeatures of(List<PlannedInode> inodes, ErofsCompression settings) {
    boolean any = false;
    boolean tail = false;
    boolean fragments = false;
    for (PlannedInode inode : inodes) {
      CompressedFile c = inode.compressed;
      if (c != null) {
        any = true;
        tail |= c.inlineLength() > 0;
        fragments |= c.fragment() != null || inode.sameData != null;
      }
    }
    if (!any) {
      return NONE;
    }
    int incompat = EROFS_FEATURE_INCOMPAT_ZERO_PADDING;
    if (tail) {
      incompat |= EROFS_FEATURE_INCOMPAT_ZTAILPACKING;
    }
    if (fragments) {
      incompat |= EROFS_FEATURE_INCOMPAT_FRAGMENTS;
    }
    if (!settings.needsConfigs()) {
      return new CompressionFeatures(incompat, LZ4_MAX_DISTANCE, new byte[0]);
    }
    return new CompressionFeatures(
        incompat | EROFS_FEATURE_INCOMPAT_COMPR_CFGS,
        1 << settings.algorithm().id(),
        CompressionConfigs.encode(settings));
  }
}
