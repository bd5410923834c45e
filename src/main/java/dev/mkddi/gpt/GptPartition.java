package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.ENTRY_ATTRIBUTES_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_FIRST_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_LAST_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_NAME_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_TYPE_GUID_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_UNIQUE_GUID_OFFSET;
import static dev.mkddi.gpt.GptConstants.NAME_MAX_UNITS;

import dev.mkddi.io.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One used GPT partition entry. Immutable and thread-safe.
 *
 * @param typeGuid the partition type GUID (never all zero: that marks an unused entry)
 * @param uniqueGuid the unique partition GUID (PARTUUID)
 * @param firstLba the first sector
 * @param lastLba the last sector, inclusive
 * @param attributes the 64 attribute bits ({@link GptAttribute})
 * @param name the partition name (GPT label): at most 36 UTF-16 code units, no NUL
 */
public record GptPartition(
    UUID typeGuid, UUID uniqueGuid, long firstLba, long lastLba, long attributes, String name) {

  private static final UUID ZERO = new UUID(0, 0);

  /** Validates the fields; throws {@link IllegalArgumentException} on misuse. */
  public GptPartition {
    Objects.requireNonNull(typeGuid, "typeGuid");
    Objects.requireNonNull(uniqueGuid, "uniqueGuid");
    Objects.requireNonNull(name, "name");
    if (typeGuid.equals(ZERO)) {
      throw new IllegalArgumentException("the all-zero type GUID marks an unused entry");
    }
    if (firstLba < 0 || lastLba < firstLba) {
      throw new IllegalArgumentException(
          "bad LBA range " + firstLba + "-" + lastLba + " (first must be <= last)");
    }
    Optional<String> problem = nameProblem(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  /**
   * Checks a partition name given by the user.
   *
   * @param name the name
   * @throws InvalidInputException when it is longer than 36 UTF-16 code units or contains NUL
   */
  public static void checkName(String name) throws InvalidInputException {
    Optional<String> p = nameProblem(name);
    if (p.isPresent()) {
      throw new InvalidInputException(p.get());
    }
  }

  private static Optional<String> nameProblem(String name) {
    if (name.length() > NAME_MAX_UNITS) {
      return Optional.of(
          "partition name '"
              + name
              + "' is "
              + name.length()
              + " UTF-16 code units long; GPT allows at most "
              + NAME_MAX_UNITS);
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("partition name '" + name.replace('\0', '?') + "' contains NUL");
    }
    return Optional.empty();
  }

  /**
   * @return the number of sectors
   */
  public long sectors() {
    return lastLba - firstLba + 1;
  }

  /**
   * @param sectorSize the disk's sector size
   * @return the byte offset of the partition
   */
  public long offset(int sectorSize) {
    return Math.multiplyExact(firstLba, sectorSize);
  }

  /**
   * @param sectorSize the disk's sector size
   * @return the size in bytes
   */
  public long size(int sectorSize) {
    return Math.multiplyExact(sectors(), sectorSize);
  }

  /**
   * @return the DPS type of this partition, or empty for other types
   */
  public Optional<PartitionType> type() {
    return PartitionTypes.byGuid(typeGuid);
  }

  /**
   * Writes this entry (128 bytes) at {@code base}; the buffer must be zero there.
   *
   * @param buf a little-endian buffer
   * @param base absolute index of the entry
   */
  void encode(ByteBuffer buf, int base) {
    Guids.put(buf, base + ENTRY_TYPE_GUID_OFFSET, typeGuid);
    Guids.put(buf, base + ENTRY_UNIQUE_GUID_OFFSET, uniqueGuid);
    buf.putLong(base + ENTRY_FIRST_LBA_OFFSET, firstLba);
    buf.putLong(base + ENTRY_LAST_LBA_OFFSET, lastLba);
    buf.putLong(base + ENTRY_ATTRIBUTES_OFFSET, attributes);
    for (int i = 0; i < name.length(); i++) {
      buf.putChar(base + ENTRY_NAME_OFFSET + 2 * i, name.charAt(i));
    }
  }

  /**
   * @param buf a little-endian buffer
   * @param base absolute index of an entry
   * @return whether the entry is unused (all-zero type GUID)
   */
  static boolean isUnused(ByteBuffer buf, int base) {
    return Guids.isZero(buf, base + ENTRY_TYPE_GUID_OFFSET);
  }

  /**
   * Decodes the name field of an entry: UTF-16LE up to the first NUL code unit.
   *
   * @param buf a little-endian buffer
   * @param base absolute index of the entry
   * @return the name
   */
  static String decodeName(ByteBuffer buf, int base) {
    int units = 0;
    while (units < NAME_MAX_UNITS && buf.getChar(base + ENTRY_NAME_OFFSET + 2 * units) != 0) {
      units++;
    }
    byte[] raw = new byte[2 * units];
    buf.get(base + ENTRY_NAME_OFFSET, raw);
    return new String(raw, StandardCharsets.UTF_16LE);
  }
}
