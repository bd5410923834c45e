package dev.mkddi.description;

import java.util.Objects;
import java.util.Optional;

/**
 * An extra partition from {@code <partitions>}, after the root partitions: formatted with its file
 * system and filled with its mount point's content (which leaves the root), or swap space, or left
 * raw when it names neither. Immutable.
 *
 * @param name kiwi's name
 * @param size size in bytes
 * @param label the GPT partition name: {@code partition_name}, default {@code p.lx<name>}
 * @param designator the DPS type chosen by {@code partition_name}, else by the mount point
 * @param mountpoint the mount point, if given: its content moves from the root into the partition,
 *     and the root's {@code /etc/fstab} mounts it by PARTUUID
 * @param filesystem the file system the build formats it with, if given
 * @param filesystemLabel the label of its file system or swap area: kiwi's {@code label}, default
 *     the name in upper case as kiwi makes it (empty when that does not fit the format)
 * @param growFileSystem whether the file system is grown to the partition when mounted: the DPS
 *     grow-file-system flag (GPT bit 59) where the DPS defines it, and {@code x-systemd.growfs} in
 *     the fstab line
 */
public record PartitionSpec(
    String name,
    long size,
    String label,
    Designator designator,
    Optional<String> mountpoint,
    Optional<Filesystem> filesystem,
    String filesystemLabel,
    boolean growFileSystem) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException for a blank name or label or a non-positive size
   */
  public PartitionSpec {
    Objects.requireNonNull(designator, "designator");
    Objects.requireNonNull(mountpoint, "mountpoint");
    Objects.requireNonNull(filesystem, "filesystem");
    Objects.requireNonNull(filesystemLabel, "filesystemLabel");
    if (name == null || name.isBlank() || label == null || label.isBlank()) {
      throw new IllegalArgumentException("partition needs a name and a label");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("partition size must be positive");
    }
  }

  /**
   * A partition without a file system label, not grown.
   *
   * @param name kiwi's name
   * @param size size in bytes
   * @param label the GPT partition name
   * @param designator the DPS type
   * @param mountpoint the mount point, if given
   * @param filesystem the file system, if given
   */
  public PartitionSpec(
      String name,
      long size,
      String label,
      Designator designator,
      Optional<String> mountpoint,
      Optional<Filesystem> filesystem) {
    this(name, size, label, designator, mountpoint, filesystem, "", false);
  }
}
