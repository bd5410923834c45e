package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.HEADER_ALTERNATE_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_DISK_GUID_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_ENTRY_COUNT_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_ENTRY_SIZE_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_FIRST_USABLE_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_LAST_USABLE_OFFSET;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Compares the primary and the backup GPT header field by field, as {@code sgdisk -v} does: both
 * must describe the same disk (usable range, disk GUID, entry array geometry) and point at each
 * other. Each header's own CRC can be valid while they disagree. Stateless and thread-safe.
 */
final class HeaderAgreement {
  private HeaderAgreement() {}

  /**
   * @param primary the primary header (LBA 1)
   * @param backup the backup header, at the primary's AlternateLBA
   * @param sectorSize the sector size
   * @return the first disagreement, naming the field and the backup header's byte offset, or null
   */
  static @Nullable String check(GptHeader primary, GptHeader backup, int sectorSize) {
    long at = backup.myLba() * sectorSize;
    if (backup.alternateLba() != primary.myLba()) {
      return differ(
          at, HEADER_ALTERNATE_LBA_OFFSET, "AlternateLBA", primary.myLba(), backup.alternateLba());
    }
    if (backup.firstUsableLba() != primary.firstUsableLba()) {
      return differ(
          at,
          HEADER_FIRST_USABLE_OFFSET,
          "FirstUsableLBA",
          primary.firstUsableLba(),
          backup.firstUsableLba());
    }
    if (backup.lastUsableLba() != primary.lastUsableLba()) {
      return differ(
          at,
          HEADER_LAST_USABLE_OFFSET,
          "LastUsableLBA",
          primary.lastUsableLba(),
          backup.lastUsableLba());
    }
    if (!Objects.equals(backup.diskGuid(), primary.diskGuid())) {
      return differ(at, HEADER_DISK_GUID_OFFSET, "DiskGUID", primary.diskGuid(), backup.diskGuid());
    }
    if (backup.entryCount() != primary.entryCount()) {
      return differ(
          at,
          HEADER_ENTRY_COUNT_OFFSET,
          "NumberOfPartitionEntries",
          Integer.toUnsignedLong(primary.entryCount()),
          Integer.toUnsignedLong(backup.entryCount()));
    }
    if (backup.entrySize() != primary.entrySize()) {
      return differ(
          at,
          HEADER_ENTRY_SIZE_OFFSET,
          "SizeOfPartitionEntry",
          Integer.toUnsignedLong(primary.entrySize()),
          Integer.toUnsignedLong(backup.entrySize()));
    }
    return null;
  }

  private static String differ(long header, int field, String name, Object expected, Object got) {
    return "the backup GPT header disagrees with the primary one (offset "
        + (header + field)
        + ": "
        + name
        + ": the primary header says "
        + expected
        + ", the backup "
        + got
        + ")";
  }
}
