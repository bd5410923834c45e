package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.FIRST_PARTITION_OFFSET;
import static dev.mkddi.gpt.GptConstants.SECTOR_4096;
import static dev.mkddi.gpt.GptConstants.SECTOR_512;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A GUID partition table: the disk geometry as the GPT headers state it, and the used partition
 * entries. Partition {@code i} of the list is entry {@code i} on disk (partition number {@code i +
 * 1}) when written. Immutable and thread-safe.
 *
 * @param sectorSize the logical sector size, 512 or 4096
 * @param totalSectors the number of sectors of the disk; the backup header is at the last one
 * @param diskGuid the disk GUID
 * @param firstUsableLba the first sector partitions may use
 * @param lastUsableLba the last sector partitions may use
 * @param partitions the used entries; inside the usable range and not overlapping
 */
public record GptTable(
    int sectorSize,
    long totalSectors,
    UUID diskGuid,
    long firstUsableLba,
    long lastUsableLba,
    List<GptPartition> partitions) {

  /** Validates the geometry; throws {@link IllegalArgumentException} on misuse. */
  public GptTable {
    Objects.requireNonNull(diskGuid, "diskGuid");
    partitions = List.copyOf(partitions);
    if (sectorSize != SECTOR_512 && sectorSize != SECTOR_4096) {
      throw new IllegalArgumentException("sector size " + sectorSize + " is not 512 or 4096");
    }
    if (firstUsableLba < 2
        || lastUsableLba < firstUsableLba - 1
        || lastUsableLba >= totalSectors - 1) {
      throw new IllegalArgumentException(
          "bad usable range "
              + firstUsableLba
              + "-"
              + lastUsableLba
              + " on a disk of "
              + totalSectors
              + " sectors");
    }
    for (int i = 0; i < partitions.size(); i++) {
      GptPartition p = partitions.get(i);
      if (p.firstLba() < firstUsableLba || p.lastLba() > lastUsableLba) {
        throw new IllegalArgumentException(
            "partition "
                + (i + 1)
                + " (LBA "
                + p.firstLba()
                + "-"
                + p.lastLba()
                + ") lies outside the usable range "
                + firstUsableLba
                + "-"
                + lastUsableLba);
      }
    }
    int[] overlap = findOverlap(partitions);
    if (overlap != null) {
      throw new IllegalArgumentException(
          "partitions " + (overlap[0] + 1) + " and " + (overlap[1] + 1) + " overlap");
    }
  }

  /**
   * Creates a table with the geometry libfdisk and systemd-repart give a disk of this size: 128
   * entries, first usable LBA at 1 MiB, last usable LBA just before the backup entry array.
   *
   * @param sectorSize 512 or 4096
   * @param diskSize the size of the disk in bytes, a multiple of {@code sectorSize}
   * @param diskGuid the disk GUID
   * @param partitions the partitions
   * @return the table
   * @throws IllegalArgumentException when the partitions do not fit
   */
  public static GptTable create(
      int sectorSize, long diskSize, UUID diskGuid, List<GptPartition> partitions) {
    if (sectorSize <= 0 || diskSize % sectorSize != 0) {
      throw new IllegalArgumentException(
          "disk size " + diskSize + " is not a multiple of the sector size " + sectorSize);
    }
    long total = diskSize / sectorSize;
    return new GptTable(
        sectorSize,
        total,
        diskGuid,
        FIRST_PARTITION_OFFSET / sectorSize,
        total - 2 - GptConstants.entryArraySectors(sectorSize),
        partitions);
  }

  /**
   * @return the size of the disk in bytes
   */
  public long diskSize() {
    return Math.multiplyExact(totalSectors, (long) sectorSize);
  }

  /**
   * Finds two overlapping partitions.
   *
   * @param partitions partitions in entry order
   * @return the entry indexes of the first overlapping pair found (lower index first), or null
   */
  static int @Nullable [] findOverlap(List<GptPartition> partitions) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong(i -> partitions.get(i).firstLba()));
    for (int k = 1; k < order.size(); k++) {
      int a = order.get(k - 1);
      int b = order.get(k);
      if (partitions.get(b).firstLba() <= partitions.get(a).lastLba()) {
        return new int[] {Math.min(a, b), Math.max(a, b)};
      }
    }
    return null;
  }
}
