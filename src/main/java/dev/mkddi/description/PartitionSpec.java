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
 */
public record PartitionSpec(
    String name,
    long size,
    String label,
    Designator designator,
    Optional<String> mountpoint,
    Optional<Filesystem> filesystem) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException for a blank name or label or a non-positive size
   */
  public PartitionSpec {
    Objects.requireNonNull(designator, "designator");
    Objects.requireNonNull(mountpoint, "mountpoint");
    Objects.requireNonNull(filesystem, "filesystem");
    if (name == null || name.isBlank() || label == null || label.isBlank()) {
      throw new IllegalArgumentException("partition needs a name and a label");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("partition size must be positive");
    }
  }
}
