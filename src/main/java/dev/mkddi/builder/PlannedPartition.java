package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.gpt.PartitionType;
import java.util.Objects;
import java.util.UUID;

/**
 * One partition of a planned image. Immutable and thread-safe.
 *
 * @param role what the partition is for
 * @param type its DPS type
 * @param label the GPT partition name
 * @param offset byte offset on the disk
 * @param size size in bytes
 * @param attributes GPT attribute bits
 * @param uuid the PARTUUID; for the root and its verity partition the seed-derived value is only
 *     provisional (it keys the file system UUID) until the root hash replaces it
 */
record PlannedPartition(
    PartitionRole role,
    PartitionType type,
    String label,
    long offset,
    long size,
    long attributes,
    UUID uuid) {

  PlannedPartition {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(uuid, "uuid");
  }

  /**
   * @param newUuid the final PARTUUID
   * @return a copy with {@code newUuid}
   */
  PlannedPartition withUuid(UUID newUuid) {
    return new PlannedPartition(role, type, label, offset, size, attributes, newUuid);
  }

  /**
   * @return the file name suffix systemd-repart's {@code --split} uses, e.g. {@code
   *     root-x86-64-verity}
   */
  String splitName() {
    return type.name();
  }
}
