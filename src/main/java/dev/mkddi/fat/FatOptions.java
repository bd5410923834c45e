package dev.mkddi.fat;

import dev.mkddi.io.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a FAT file system. Immutable and thread-safe.
 *
 * @param sizeBytes the partition size; the file system uses all of it but the sectors past the last
 *     whole track of the synthetic CHS geometry (as {@code mkfs.fat})
 * @param volumeId the 32-bit volume serial number (see {@link #volumeIdFromSeed(byte[])})
 * @param label the volume label, at most 11 ASCII characters; empty for none ({@code NO NAME})
 * @param timestamp every entry's creation, modification and access time (SOURCE_DATE_EPOCH),
 *     written as UTC
 * @param type the FAT type, {@link FatType#AUTO} to choose by size as {@code mkfs.fat} does
 * @param hiddenSectors the boot sector's hidden-sector count: the partition's first LBA (in sectors
 *     of {@code sectorSize}) when written into a disk image as {@code mkfs.fat} on a partition
 *     device does, 0 as on a file
 * @param sectorSize bytes per logical sector (512, 1024, 2048 or 4096), as {@code mkfs.fat -S};
 *     Linux mounts a FAT only if this is at least the device's logical block size
 */
public record FatOptions(
    long sizeBytes,
    int volumeId,
    String label,
    Instant timestamp,
    FatType type,
    long hiddenSectors,
    int sectorSize) {
  private static final String LABEL_FORBIDDEN = "*?.,;:/\\|+=<>[]\"";

  /** Compact constructor: validates sizes and the label. */
  public FatOptions {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(type, "type");
    FatGeometry.checkSectorSize(sectorSize);
    if (sizeBytes <= 0 || sizeBytes % sectorSize != 0) {
      throw new IllegalArgumentException(
          "FAT size must be a positive multiple of " + sectorSize + ": " + sizeBytes);
    }
    if (hiddenSectors < 0 || hiddenSectors > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("hidden sectors out of range: " + hiddenSectors);
    }
  }

  /**
   * Options with the FAT type chosen by size, 512-byte sectors and no hidden sectors.
   *
   * @param sizeBytes the partition size, a multiple of 512
   * @param volumeId the volume serial number
   * @param label the volume label (empty for none)
   * @param timestamp the time of every entry
   * @return the options
   */
  public static FatOptions of(long sizeBytes, int volumeId, String label, Instant timestamp) {
    return new FatOptions(
        sizeBytes, volumeId, label, timestamp, FatType.AUTO, 0, FatConstants.SECTOR_SIZE);
  }

  /**
   * @param newSize another partition size
   * @return these options with that size
   */
  public FatOptions withSize(long newSize) {
    return new FatOptions(newSize, volumeId, label, timestamp, type, hiddenSectors, sectorSize);
  }

  /**
   * @param newType the FAT type to force
   * @return these options with that type
   */
  public FatOptions withType(FatType newType) {
    return new FatOptions(
        sizeBytes, volumeId, label, timestamp, newType, hiddenSectors, sectorSize);
  }

  /**
   * @param sectors the partition's first LBA (in sectors of {@link #sectorSize()})
   * @return these options with that hidden-sector count
   */
  public FatOptions withHiddenSectors(long sectors) {
    return new FatOptions(sizeBytes, volumeId, label, timestamp, type, sectors, sectorSize);
  }

  /**
   * @param bytes the logical sector size: 512, 1024, 2048 or 4096 (the disk's sector size)
   * @return these options with that sector size
   * @throws IllegalArgumentException for another size, or one the partition size is not a multiple
   *     of
   */
  public FatOptions withSectorSize(int bytes) {
    return new FatOptions(sizeBytes, volumeId, label, timestamp, type, hiddenSectors, bytes);
  }

  /**
   * Derives a volume id from a seed: the first 4 bytes (little-endian) of SHA-256 of {@code "mkddi
   * fat volume id"} followed by the seed.
   *
   * @param seed the image seed
   * @return the volume id
   */
  public static int volumeIdFromSeed(byte[] seed) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("mkddi fat volume id".getBytes(StandardCharsets.US_ASCII));
      byte[] d = md.digest(seed);
      return (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * @param seed the image seed as a number (its 8 big-endian bytes are the seed)
   * @return the volume id, see {@link #volumeIdFromSeed(byte[])}
   */
  public static int volumeIdFromSeed(long seed) {
    return volumeIdFromSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
  }

  /**
   * @return the 11 label bytes of the boot sector ({@code NO NAME} padded when empty)
   * @throws InvalidInputException when the label is too long or has a character FAT forbids
   */
  byte[] labelBytes() throws InvalidInputException {
    if (label.isEmpty()) {
      return FatConstants.NO_NAME.getBytes(StandardCharsets.US_ASCII);
    }
    Optional<String> problem = labelProblem(label);
    if (problem.isPresent()) {
      throw new InvalidInputException("FAT volume label '" + label + "': " + problem.get());
    }
    return String.format("%-11s", label).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The FAT label rule (mkfs.fat's): 1 to 11 printable ASCII characters, not starting with a space,
   * none of {@code *?.,;:/\|+=<>[]"}.
   *
   * @param label a volume label
   * @return what is wrong with it, or empty when FAT takes it
   */
  public static Optional<String> labelProblem(String label) {
    if (label.isEmpty() || label.length() > FatConstants.VI_LABEL_LEN || label.startsWith(" ")) {
      return Optional.of("expected 1 to 11 characters not starting with a space");
    }
    for (char c : label.toCharArray()) {
      if (c < 0x20 || c > 0x7E || LABEL_FORBIDDEN.indexOf(c) >= 0) {
        return Optional.of("character '" + c + "' is not allowed");
      }
    }
    return Optional.empty();
  }
}
