package dev.mkddi.fat;

import static dev.mkddi.fat.FatConstants.FAT32_RESERVED_SECTORS;
import static dev.mkddi.fat.FatConstants.FAT_COUNT;
import static dev.mkddi.fat.FatConstants.FIRST_CLUSTER;
import static dev.mkddi.fat.FatConstants.MAX_CLUST_12;
import static dev.mkddi.fat.FatConstants.MAX_CLUST_16;
import static dev.mkddi.fat.FatConstants.MAX_CLUST_32;
import static dev.mkddi.fat.FatConstants.MAX_SECTOR_SIZE;
import static dev.mkddi.fat.FatConstants.MIN_CLUST_16;
import static dev.mkddi.fat.FatConstants.MIN_CLUST_32;
import static dev.mkddi.fat.FatConstants.MIN_SECTOR_SIZE;

import dev.mkddi.io.InvalidInputException;

/**
 * The layout of a FAT file system, computed from the partition size exactly as {@code mkfs.fat} 4.2
 * does for a regular file with default options and {@code -S} the logical sector size: 2 FATs,
 * media 0xF8, structures aligned to the cluster size, the sector count rounded down to whole tracks
 * of the synthetic CHS geometry, FAT32 from 512 MiB with Microsoft's cluster-size table, below that
 * the smallest cluster size (from 4 sectors) giving a valid FAT12 or FAT16. Every count and size
 * threshold but the FAT32 one is in logical sectors, as in mkfs.fat, so larger sectors give larger
 * clusters and reserved areas.
 *
 * @param type FAT12, FAT16 or FAT32 (never AUTO)
 * @param sectorsPerCluster sectors per cluster, a power of two up to 128
 * @param reservedSectors sectors before the first FAT (boot sector, FSInfo, backup)
 * @param fatSectors sectors of one FAT
 * @param rootEntries root directory entries (FAT12/16), 0 on FAT32
 * @param totalSectors sectors of the file system (at most the partition's)
 * @param clusterCount data clusters, numbered from 2
 * @param sectorsPerTrack CHS geometry recorded in the boot sector
 * @param heads CHS geometry recorded in the boot sector
 * @param sectorSize bytes per logical sector: 512, 1024, 2048 or 4096
 */
public record FatGeometry(
    FatType type,
    int sectorsPerCluster,
    int reservedSectors,
    long fatSectors,
    int rootEntries,
    long totalSectors,
    long clusterCount,
    int sectorsPerTrack,
    int heads,
    int sectorSize) {

  /** Compact constructor: checks the derived values agree. */
  public FatGeometry {
    if (type == FatType.AUTO || Integer.bitCount(sectorsPerCluster) != 1 || clusterCount <= 0) {
      throw new IllegalArgumentException("invalid FAT geometry " + type + " " + clusterCount);
    }
    checkSectorSize(sectorSize);
  }

  /**
   * @param sectorSize a logical sector size
   * @throws IllegalArgumentException unless it is 512, 1024, 2048 or 4096
   */
  static void checkSectorSize(int sectorSize) {
    if (sectorSize < MIN_SECTOR_SIZE
        || sectorSize > MAX_SECTOR_SIZE
        || Integer.bitCount(sectorSize) != 1) {
      throw new IllegalArgumentException(
          "FAT sector size must be 512, 1024, 2048 or 4096: " + sectorSize);
    }
  }

  /**
   * Computes the layout {@code mkfs.fat -S sectorSize} would choose.
   *
   * @param sizeBytes the partition size
   * @param requested the FAT type, or {@link FatType#AUTO}
   * @param sectorSize bytes per logical sector: 512, 1024, 2048 or 4096
   * @return the layout
   * @throws InvalidInputException when no valid file system of that type fits
   * @throws IllegalArgumentException for another sector size
   */
  public static FatGeometry compute(long sizeBytes, FatType requested, int sectorSize)
      throws InvalidInputException {
    checkSectorSize(sectorSize);
    long sectors = Math.min(sizeBytes / sectorSize, 0xFFFFFFFFL);
    int heads;
    int spt;
    if (sectors <= 524288) {
      heads = sectors <= 32768 ? 2 : sectors <= 65536 ? 4 : sectors <= 262144 ? 8 : 16;
      spt = sectors <= 4096 ? 16 : 32;
    } else {
      heads =
          sectors <= 16 * 63 * 1024
              ? 16
              : sectors <= 32 * 63 * 1024
                  ? 32
                  : sectors <= 64 * 63 * 1024 ? 64 : sectors <= 128 * 63 * 1024 ? 128 : 255;
      spt = 63;
    }
    FatType type = requested;
    if (type == FatType.AUTO && sizeBytes >= 512L << 20) {
      type = FatType.FAT32;
    }
    int clusterSize = 4;
    if (type == FatType.FAT32) {
      clusterSize =
          sectors > 64L << 20
              ? 64
              : sectors > 32L << 20 ? 32 : sectors > 16L << 20 ? 16 : sectors > 260 * 2048 ? 8 : 1;
    }
    int reserved = type == FatType.FAT32 ? FAT32_RESERVED_SECTORS : 1;
    long rootDirSectors = type == FatType.FAT32 ? 0 : 512 * 32 / sectorSize;
    long numSectors = sectors / spt * spt;
    boolean align = numSectors > 8192;

    long clust12 = 0;
    long clust16 = 0;
    long clust32 = 0;
    long len12 = 0;
    long len16 = 0;
    long len32 = 0;
    for (; clusterSize <= 128; clusterSize <<= 1) {
      long fatdata32 = numSectors - align(reserved, clusterSize, align);
      long fatdata1216 = fatdata32 - align(rootDirSectors, clusterSize, align);
      clust12 =
          2
              * (fatdata1216 * sectorSize + FAT_COUNT * 3)
              / (2L * clusterSize * sectorSize + FAT_COUNT * 3);
      len12 = align(ceilDiv(((clust12 + 2) * 3 + 1) >> 1, sectorSize), clusterSize, align);
      clust12 = (fatdata1216 - FAT_COUNT * len12) / clusterSize;
      if (clust12 > Math.min(len12 * 2 * sectorSize / 3, MAX_CLUST_12)) {
        clust12 = 0;
      }
      clust16 =
          (fatdata1216 * sectorSize + FAT_COUNT * 4)
              / ((long) clusterSize * sectorSize + FAT_COUNT * 2);
      len16 = align(ceilDiv((clust16 + 2) * 2, sectorSize), clusterSize, align);
      clust16 = (fatdata1216 - FAT_COUNT * len16) / clusterSize;
      if (clust16 > Math.min(len16 * sectorSize / 2, MAX_CLUST_16) || clust16 < MIN_CLUST_16) {
        clust16 = 0;
      }
      clust32 =
          (fatdata32 * sectorSize + FAT_COUNT * 8)
              / ((long) clusterSize * sectorSize + FAT_COUNT * 4);
      len32 = align(ceilDiv((clust32 + 2) * 4, sectorSize), clusterSize, align);
      clust32 = (fatdata32 - FAT_COUNT * len32) / clusterSize;
      if (clust32 > Math.min(len32 * sectorSize / 4, MAX_CLUST_32)
          || (clust32 < MIN_CLUST_32 && requested != FatType.FAT32)) {
        clust32 = 0;
      }
      clust12 = Math.max(clust12, 0);
      clust16 = Math.max(clust16, 0);
      clust32 = Math.max(clust32, 0);
      if ((clust12 > 0 && (type == FatType.AUTO || type == FatType.FAT12))
          || (clust16 > 0 && (type == FatType.AUTO || type == FatType.FAT16))
          || (clust32 > 0 && type == FatType.FAT32)) {
        break;
      }
    }
    if (type == FatType.AUTO) {
      type = clust16 > clust12 ? FatType.FAT16 : FatType.FAT12;
    }
    long clusters = type == FatType.FAT12 ? clust12 : type == FatType.FAT16 ? clust16 : clust32;
    long fatSectors = type == FatType.FAT12 ? len12 : type == FatType.FAT16 ? len16 : len32;
    if (clusters <= 0 || clusterSize > 128) {
      throw new InvalidInputException(
          "FAT file system of "
              + sizeBytes
              + " bytes: no valid "
              + requested
              + " layout (too small or too large)");
    }
    reserved = (int) align(reserved, clusterSize, align);
    int rootEntries =
        type == FatType.FAT32
            ? 0
            : (int) (align ? align(rootDirSectors, clusterSize, true) * (sectorSize / 32) : 512);
    long dataStart = reserved + FAT_COUNT * fatSectors + (long) rootEntries * 32 / sectorSize;
    long dataStart512 = dataStart * (sectorSize / MIN_SECTOR_SIZE);
    if (sizeBytes / 1024 < (dataStart512 + 1) / 2 + 32) {
      throw new InvalidInputException(
          "FAT file system of " + sizeBytes + " bytes: too small for a viable file system");
    }
    return new FatGeometry(
        type,
        clusterSize,
        reserved,
        fatSectors,
        rootEntries,
        numSectors,
        clusters,
        spt,
        heads,
        sectorSize);
  }

  private static long align(long sectors, int clusterSize, boolean align) {
    return align ? (sectors + clusterSize - 1) & -clusterSize : sectors;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * @return bytes per cluster
   */
  public int clusterBytes() {
    return sectorsPerCluster * sectorSize;
  }

  /**
   * @return sectors of the FAT12/16 root directory region (0 on FAT32)
   */
  public long rootDirSectors() {
    return (long) rootEntries * FatConstants.DIR_ENTRY_SIZE / sectorSize;
  }

  /**
   * @return the first sector of the data area (cluster 2)
   */
  public long firstDataSector() {
    return reservedSectors + FAT_COUNT * fatSectors + rootDirSectors();
  }

  /**
   * @param cluster a cluster number, from 2
   * @return the byte offset of that cluster from the start of the file system
   */
  public long clusterOffset(long cluster) {
    return (firstDataSector() + (cluster - FIRST_CLUSTER) * sectorsPerCluster) * sectorSize;
  }

  /**
   * @param sector a sector number
   * @return its byte offset from the start of the file system
   */
  public long sectorOffset(long sector) {
    return Math.multiplyExact(sector, sectorSize);
  }
}
