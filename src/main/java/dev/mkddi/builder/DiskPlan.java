package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The planned image: every partition with its place and size, the root file system ready to be
 * written, and the verity parameters. Computed before anything is written. Immutable; thread-safe
 * as far as {@link RootImage} is.
 *
 * @param sectorSize the GPT sector size
 * @param diskSize the image size in bytes
 * @param diskGuid the GPT disk GUID
 * @param partitions the partitions in disk order
 * @param filesystem the planned root file system
 * @param extras the content of the extra partitions that have one, by index in {@code partitions}
 * @param verity the dm-verity parameters; {@code hashOffset} is relative to the hash device
 * @param hashDevice the partition that is the hash device (the verity partition, or the root
 *     partition itself for kiwi's in-partition layout)
 * @param boot the boot files, when the image has an ESP with systemd-boot and a UKI
 */
record DiskPlan(
    int sectorSize,
    long diskSize,
    UUID diskGuid,
    List<PlannedPartition> partitions,
    RootImage filesystem,
    Map<Integer, PartitionContent> extras,
    VerityParams verity,
    PartitionRole hashDevice,
    Optional<BootFiles> boot)
    implements AutoCloseable {

  DiskPlan {
    Objects.requireNonNull(diskGuid, "diskGuid");
    Objects.requireNonNull(filesystem, "filesystem");
    Objects.requireNonNull(verity, "verity");
    Objects.requireNonNull(hashDevice, "hashDevice");
    Objects.requireNonNull(boot, "boot");
    partitions = List.copyOf(partitions);
    extras = Map.copyOf(extras);
  }

  /** Deletes the spool files of the root and the partitions. */
  @Override
  public void close() throws IOException {
    filesystem.close();
    for (PartitionContent c : extras.values()) {
      c.close();
    }
  }

  /**
   * @param role a role that occurs at most once (not {@link PartitionRole#EMPTY_SLOT} or {@link
   *     PartitionRole#EXTRA})
   * @return the partition with that role, if the image has one
   */
  Optional<PlannedPartition> find(PartitionRole role) {
    return partitions.stream().filter(p -> p.role() == role).findFirst();
  }

  /**
   * @param role a role the image has
   * @return the partition with that role
   * @throws IllegalStateException when there is none
   */
  PlannedPartition get(PartitionRole role) {
    return find(role).orElseThrow(() -> new IllegalStateException("no " + role + " partition"));
  }

  /**
   * @return whether the hash tree lives in its own partition (a DDI) rather than in the root's
   */
  boolean separateVerityPartition() {
    return hashDevice == PartitionRole.ROOT_VERITY;
  }

  /**
   * @param updated the partitions with their final UUIDs
   * @return a copy with {@code updated}
   */
  DiskPlan withPartitions(List<PlannedPartition> updated) {
    return new DiskPlan(
        sectorSize, diskSize, diskGuid, updated, filesystem, extras, verity, hashDevice, boot);
  }
}
