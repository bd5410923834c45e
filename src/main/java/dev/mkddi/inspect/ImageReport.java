package dev.mkddi.inspect;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link ImageInspector} found in a disk image. Immutable and thread-safe.
 *
 * @param image the image as the user named it
 * @param sectorSize the logical sector size, 512 or 4096
 * @param diskSize the disk size the GPT states, in bytes
 * @param diskGuid the disk GUID
 * @param backupGptUsed whether the primary GPT was damaged and the backup was read
 * @param partitions the partitions, by number
 * @param rootHash the root hash, or null when none could be found; of an A/B image with several
 *     filled slots, that of the slot the system boots (the one the {@code .roothash} file names,
 *     else the newest version by label)
 * @param otherSlots the root hashes of the other filled A/B slots, from their PARTUUIDs
 */
public record ImageReport(
    String image,
    int sectorSize,
    long diskSize,
    UUID diskGuid,
    boolean backupGptUsed,
    List<InspectedPartition> partitions,
    @Nullable RootHash rootHash,
    List<RootHash> otherSlots) {

  /** Checks the fields and copies the partitions. */
  public ImageReport {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(diskGuid, "diskGuid");
    partitions = List.copyOf(partitions);
    otherSlots = List.copyOf(otherSlots);
  }
}
