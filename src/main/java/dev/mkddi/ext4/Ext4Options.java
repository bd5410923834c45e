package dev.mkddi.ext4;

import dev.mkddi.io.VolumeLabel;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Ext4Writer} builds a file system. Immutable.
 *
 * @param label volume name, at most 16 bytes of UTF-8 (empty for none)
 * @param uuid the file system UUID, or null to derive one
 * @param seed when {@code uuid} is null: derive the UUID and the directory hash seed from this seed
 *     and the label; when both are null they are derived from the tree's metadata
 * @param buildTime the superblock time and the time of lost+found, the journal and the resize inode
 *     (SOURCE_DATE_EPOCH), or null for the newest mtime in the tree
 * @param clampMtimes whether mtimes later than {@code buildTime} are set to it
 * @param readOnly a root for dm-verity: the read-only feature, no journal, no reserved blocks, no
 *     room to grow, the smallest size that holds the tree
 * @param sizeBytes the file system size (rounded down to whole blocks), or 0 for the smallest size
 *     that holds the tree (with a journal when writable)
 * @param minInodes at least this many inodes (0: mke2fs's default for writable file systems, only
 *     those the tree needs for read-only ones)
 */
public record Ext4Options(
    String label,
    @Nullable UUID uuid,
    @Nullable UUID seed,
    @Nullable Instant buildTime,
    boolean clampMtimes,
    boolean readOnly,
    long sizeBytes,
    long minInodes) {
  /** Longest label in bytes ({@code s_volume_name} needs no terminating NUL). */
  public static final int MAX_LABEL_BYTES = 16;

  /**
   * @param label volume name
   * @param uuid explicit UUID or null
   * @param seed seed or null
   * @param buildTime build time or null
   * @param clampMtimes clamp newer mtimes to the build time
   * @param readOnly make a read-only root
   * @param sizeBytes size, 0 for the smallest
   * @param minInodes at least this many inodes, 0 for the default
   * @throws IllegalArgumentException when the label is too long or contains NUL, clamping is asked
   *     for without a build time, or a count is negative
   */
  public Ext4Options {
    label = label == null ? "" : label;
    VolumeLabel.check(label, MAX_LABEL_BYTES);
    if (clampMtimes && buildTime == null) {
      throw new IllegalArgumentException("clampMtimes needs a buildTime");
    }
    if (sizeBytes < 0 || minInodes < 0) {
      throw new IllegalArgumentException("negative size or inode count");
    }
  }

  /**
   * @return a writable file system of the smallest size, no label, derived UUID, build time from
   *     the tree
   */
  public static Ext4Options defaults() {
    return new Ext4Options("", null, null, null, false, false, 0, 0);
  }

  /**
   * @param newLabel the volume name
   * @return a copy with the label replaced
   */
  public Ext4Options withLabel(String newLabel) {
    return new Ext4Options(
        newLabel, uuid, seed, buildTime, clampMtimes, readOnly, sizeBytes, minInodes);
  }

  /**
   * @param newUuid the UUID (null to derive)
   * @return a copy with the UUID replaced
   */
  public Ext4Options withUuid(@Nullable UUID newUuid) {
    return new Ext4Options(
        label, newUuid, seed, buildTime, clampMtimes, readOnly, sizeBytes, minInodes);
  }

  /**
   * @param newSeed the seed (null for none)
   * @return a copy with the seed replaced
   */
  public Ext4Options withSeed(@Nullable UUID newSeed) {
    return new Ext4Options(
        label, uuid, newSeed, buildTime, clampMtimes, readOnly, sizeBytes, minInodes);
  }

  /**
   * SOURCE_DATE_EPOCH semantics: the build time is {@code time} and later mtimes are clamped.
   *
   * @param time the source date epoch
   * @return a copy with the build time set and clamping on
   */
  public Ext4Options withSourceDateEpoch(Instant time) {
    return new Ext4Options(label, uuid, seed, time, true, readOnly, sizeBytes, minInodes);
  }

  /**
   * @param ro whether to make a read-only root
   * @return a copy with the mode replaced
   */
  public Ext4Options withReadOnly(boolean ro) {
    return new Ext4Options(label, uuid, seed, buildTime, clampMtimes, ro, sizeBytes, minInodes);
  }

  /**
   * @param bytes the file system size, 0 for the smallest
   * @return a copy with the size replaced
   */
  public Ext4Options withSize(long bytes) {
    return new Ext4Options(label, uuid, seed, buildTime, clampMtimes, readOnly, bytes, minInodes);
  }

  /**
   * @param inodes at least this many inodes, 0 for the default
   * @return a copy with the inode count replaced
   */
  public Ext4Options withMinInodes(long inodes) {
    return new Ext4Options(label, uuid, seed, buildTime, clampMtimes, readOnly, sizeBytes, inodes);
  }
}
