package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.DISK_SIZE_ALIGNMENT;
import static dev.mkddi.gpt.GptConstants.FIRST_PARTITION_OFFSET;
import static dev.mkddi.gpt.GptConstants.MIN_GRAIN;
import static dev.mkddi.gpt.GptConstants.SECTOR_4096;
import static dev.mkddi.gpt.GptConstants.SECTOR_512;

import dev.mkddi.io.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where the partitions of a new disk go, placed as sfdisk and systemd-repart place them: the first
 * at 1 MiB (or the first grain boundary after it), each next one at the next multiple of the grain,
 * each as large as asked rounded up to whole sectors; the disk ends after the last partition plus
 * room for the backup entry array and header, rounded up to 4 KiB. Immutable and thread-safe.
 *
 * @param sectorSize 512 or 4096
 * @param grain the partition alignment in bytes
 * @param diskSize the size of the disk in bytes
 * @param extents where each requested partition lies, in request order
 */
public record GptLayout(int sectorSize, long grain, long diskSize, List<Extent> extents) {

  /**
   * The bytes of one partition.
   *
   * @param offset the byte offset, a multiple of the grain
   * @param size the size in bytes, a multiple of the sector size
   */
  public record Extent(long offset, long size) {
    /**
     * @param sectorSize the sector size
     * @return the first LBA
     */
    public long firstLba(int sectorSize) {
      return offset / sectorSize;
    }

    /**
     * @param sectorSize the sector size
     * @return the last LBA (inclusive)
     */
    public long lastLba(int sectorSize) {
      return (offset + size) / sectorSize - 1;
    }
  }

  /** Copies the extents. */
  public GptLayout {
    extents = List.copyOf(extents);
  }

  /**
   * Plans a disk just large enough for the partitions.
   *
   * @param sectorSize 512 or 4096
   * @param grain alignment of partition starts: a power of two from 4096 to 1 GiB, and a multiple
   *     of the sector size ({@link GptConstants#DEFAULT_GRAIN} is libfdisk's 1 MiB)
   * @param sizes the minimum size of each partition in bytes, in disk order
   * @return the layout
   * @throws InvalidInputException when the sector size, grain or a size is not valid
   */
  public static GptLayout plan(int sectorSize, long grain, List<Long> sizes)
      throws InvalidInputException {
    return plan(sectorSize, grain, sizes, 0);
  }

  /**
   * Plans a disk of a given size (0: just large enough).
   *
   * @param sectorSize 512 or 4096
   * @param grain alignment of partition starts, as for {@link #plan(int, long, List)}
   * @param sizes the minimum size of each partition in bytes, in disk order
   * @param diskSize the size of the disk in bytes, a multiple of the sector size, or 0
   * @return the layout
   * @throws InvalidInputException when a value is not valid or the partitions do not fit
   */
  public static GptLayout plan(int sectorSize, long grain, List<Long> sizes, long diskSize)
      throws InvalidInputException {
    if (sectorSize != SECTOR_512 && sectorSize != SECTOR_4096) {
      throw new InvalidInputException("sector size " + sectorSize + ": expected 512 or 4096");
    }
    if (grain < Math.max(MIN_GRAIN, sectorSize)
        || grain > (1L << 30)
        || Long.bitCount(grain) != 1) {
      throw new InvalidInputException(
          "partition alignment "
              + grain
              + ": expected a power of two from "
              + Math.max(MIN_GRAIN, sectorSize)
              + " to 1 GiB");
    }
    List<Extent> extents = new ArrayList<>();
    long next = roundUp(FIRST_PARTITION_OFFSET, grain);
    long end = next;
    for (int i = 0; i < sizes.size(); i++) {
      long size = sizes.get(i);
      if (size <= 0) {
        throw new InvalidInputException(
            "partition " + (i + 1) + ": size " + size + " is not positive");
      }
      long rounded = roundUp(size, sectorSize);
      extents.add(new Extent(next, rounded));
      end = Math.addExact(next, rounded);
      next = roundUp(end, grain);
    }
    long tail = (GptConstants.entryArraySectors(sectorSize) + 1) * sectorSize;
    long needed = roundUp(Math.addExact(end, tail), Math.max(DISK_SIZE_ALIGNMENT, sectorSize));
    if (diskSize != 0) {
      if (diskSize % sectorSize != 0 || diskSize < Math.addExact(end, tail)) {
        throw new InvalidInputException(
            "disk size "
                + diskSize
                + ": expected a multiple of "
                + sectorSize
                + " of at least "
                + Math.addExact(end, tail)
                + " bytes (the partitions"
                + " and the backup GPT need that much)");
      }
      needed = diskSize;
    }
    return new GptLayout(sectorSize, grain, needed, extents);
  }

  /**
   * Builds partition {@code index} of this layout.
   *
   * @param index the index into {@link #extents()}
   * @param type the type GUID
   * @param uniqueGuid the PARTUUID
   * @param attributes the attribute bits
   * @param name the name, at most 36 UTF-16 code units
   * @return the partition
   * @throws InvalidInputException when the name is too long
   */
  public GptPartition partition(int index, UUID type, UUID uniqueGuid, long attributes, String name)
      throws InvalidInputException {
    GptPartition.checkName(name);
    Extent e = extents.get(index);
    return new GptPartition(
        type, uniqueGuid, e.firstLba(sectorSize), e.lastLba(sectorSize), attributes, name);
  }

  /**
   * @param diskGuid the disk GUID
   * @param partitions the partitions, normally built with {@link #partition}
   * @return the table for a disk of this layout's size
   */
  public GptTable table(UUID diskGuid, List<GptPartition> partitions) {
    return GptTable.create(sectorSize, diskSize, diskGuid, partitions);
  }

  private static long roundUp(long value, long multiple) {
    return Math.multiplyExact(
        Math.floorDiv(Math.addExact(value, multiple - 1), multiple), multiple);
  }
}
