package dev.mkddi.erofs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ErofsWriter} builds an image. Immutable.
 *
 * @param label volume name, at most 15 bytes of UTF-8 (empty for none)
 * @param uuid the file system UUID, or null to derive one
 * @param seed when {@code uuid} is null: derive the UUID from this seed and the label; when both
 *     are null the UUID is derived from the tree's metadata
 * @param buildTime the superblock time (SOURCE_DATE_EPOCH), or null for the newest mtime in the
 *     tree
 * @param clampMtimes whether mtimes later than {@code buildTime} are set to it
 * @param compression how regular files are compressed, or null to store them as they are
 */
public record ErofsOptions(
    String label,
    @Nullable UUID uuid,
    @Nullable UUID seed,
    @Nullable Instant buildTime,
    boolean clampMtimes,
    @Nullable ErofsCompression compression) {
  /** Longest label, in bytes, that still leaves a terminating NUL in the 16-byte field. */
  public static final int MAX_LABEL_BYTES = 15;

  /**
   * @param label volume name
   * @param uuid explicit UUID or null
   * @param seed seed or null
   * @param buildTime build time or null
   * @param clampMtimes clamp newer mtimes to the build time
   * @param compression compression settings or null
   * @throws IllegalArgumentException when the label is too long or contains NUL, or clamping is
   *     asked for without a build time
   */
  public ErofsOptions {
    label = label == null ? "" : label;
    if (label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES || label.indexOf(0) >= 0) {
      throw new IllegalArgumentException(
          "label '" + label + "': at most " + MAX_LABEL_BYTES + " bytes of UTF-8, without NUL");
    }
    if (clampMtimes && buildTime == null) {
      throw new IllegalArgumentException("clampMtimes needs a buildTime");
    }
  }

  /**
   * @return no label, a derived UUID, build time from the tree, no clamping, no compression
   */
  public static ErofsOptions defaults() {
    return new ErofsOptions("", null, null, null, false, null);
  }

  /**
   * @param newLabel the volume name
   * @return a copy with the label replaced
   */
  public ErofsOptions withLabel(String newLabel) {
    return new ErofsOptions(newLabel, uuid, seed, buildTime, clampMtimes, compression);
  }

  /**
   * @param newUuid the UUID (null to derive)
   * @return a copy with the UUID replaced
   */
  public ErofsOptions withUuid(@Nullable UUID newUuid) {
    return new ErofsOptions(label, newUuid, seed, buildTime, clampMtimes, compression);
  }

  /**
   * @param newSeed the seed (null for none)
   * @return a copy with the seed replaced
   */
  public ErofsOptions withSeed(@Nullable UUID newSeed) {
    return new ErofsOptions(label, uuid, newSeed, buildTime, clampMtimes, compression);
  }

  /**
   * SOURCE_DATE_EPOCH semantics: the build time is {@code time} and later mtimes are clamped.
   *
   * @param time the source date epoch
   * @return a copy with the build time set and clamping on
   */
  public ErofsOptions withSourceDateEpoch(Instant time) {
    return new ErofsOptions(label, uuid, seed, time, true, compression);
  }

  /**
   * @param newCompression how regular files are compressed, or null for not at all
   * @return a copy with the compression replaced
   */
  public ErofsOptions withCompression(@Nullable ErofsCompression newCompression) {
    return new ErofsOptions(label, uuid, seed, buildTime, clampMtimes, newCompression);
  }
}
