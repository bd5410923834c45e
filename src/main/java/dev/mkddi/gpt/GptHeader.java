package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.HEADER_ALTERNATE_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_CRC_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_DISK_GUID_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_ENTRY_ARRAY_CRC_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_ENTRY_COUNT_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_ENTRY_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_ENTRY_SIZE_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_FIRST_USABLE_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_LAST_USABLE_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_MY_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_REVISION;
import static dev.mkddi.gpt.GptConstants.HEADER_REVISION_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_SIGNATURE;
import static dev.mkddi.gpt.GptConstants.HEADER_SIGNATURE_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_SIZE;
import static dev.mkddi.gpt.GptConstants.HEADER_SIZE_OFFSET;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The fields of a GPT header that differ between disks and between the primary and the backup copy.
 * Immutable and thread-safe.
 *
 * @param myLba the LBA of this header
 * @param alternateLba the LBA of the other header
 * @param firstUsableLba first sector partitions may use
 * @param lastUsableLba last sector partitions may use
 * @param diskGuid the disk GUID
 * @param entryLba first LBA of this copy's entry array
 * @param entryCount number of entries (unsigned)
 * @param entrySize size of one entry (unsigned)
 * @param entryArrayCrc CRC32 of the whole entry array
 */
record GptHeader(
    long myLba,
    long alternateLba,
    long firstUsableLba,
    long lastUsableLba,
    UUID diskGuid,
    long entryLba,
    int entryCount,
    int entrySize,
    int entryArrayCrc) {

  /**
   * Encodes this header into a zeroed sector, CRC included.
   *
   * @return the sector, position 0, limit {@code sectorSize}
   */
  ByteBuffer encode(int sectorSize) {
    ByteBuffer b = LittleEndian.allocate(sectorSize);
    b.putLong(HEADER_SIGNATURE_OFFSET, HEADER_SIGNATURE);
    b.putInt(HEADER_REVISION_OFFSET, HEADER_REVISION);
    b.putInt(HEADER_SIZE_OFFSET, HEADER_SIZE);
    b.putLong(HEADER_MY_LBA_OFFSET, myLba);
    b.putLong(HEADER_ALTERNATE_LBA_OFFSET, alternateLba);
    b.putLong(HEADER_FIRST_USABLE_OFFSET, firstUsableLba);
    b.putLong(HEADER_LAST_USABLE_OFFSET, lastUsableLba);
    Guids.put(b, HEADER_DISK_GUID_OFFSET, diskGuid);
    b.putLong(HEADER_ENTRY_LBA_OFFSET, entryLba);
    b.putInt(HEADER_ENTRY_COUNT_OFFSET, entryCount);
    b.putInt(HEADER_ENTRY_SIZE_OFFSET, entrySize);
    b.putInt(HEADER_ENTRY_ARRAY_CRC_OFFSET, entryArrayCrc);
    b.putInt(HEADER_CRC_OFFSET, crc(b, HEADER_SIZE));
    return b;
  }

  /**
   * Decodes the fields without validating them.
   *
   * @param b a little-endian buffer holding the header at index 0
   * @return the header
   */
  static GptHeader decode(ByteBuffer b) {
    return new GptHeader(
        b.getLong(HEADER_MY_LBA_OFFSET),
        b.getLong(HEADER_ALTERNATE_LBA_OFFSET),
        b.getLong(HEADER_FIRST_USABLE_OFFSET),
        b.getLong(HEADER_LAST_USABLE_OFFSET),
        Guids.get(b, HEADER_DISK_GUID_OFFSET),
        b.getLong(HEADER_ENTRY_LBA_OFFSET),
        b.getInt(HEADER_ENTRY_COUNT_OFFSET),
        b.getInt(HEADER_ENTRY_SIZE_OFFSET),
        b.getInt(HEADER_ENTRY_ARRAY_CRC_OFFSET));
  }

  /**
   * CRC32 of the first {@code headerSize} bytes with the CRC field taken as zero.
   *
   * @param b the header at index 0
   * @param headerSize the header size field, at most {@code b.capacity()}
   * @return the CRC
   */
  static int crc(ByteBuffer b, int headerSize) {
    byte[] copy = new byte[headerSize];
    b.get(0, copy);
    for (int i = 0; i < Integer.BYTES; i++) {
      copy[HEADER_CRC_OFFSET + i] = 0;
    }
    CRC32 crc = new CRC32();
    crc.update(copy);
    return (int) crc.getValue();
  }

  /**
   * @return the size of the entry array in bytes
   */
  long entryArrayBytes() {
    return Integer.toUnsignedLong(entryCount) * Integer.toUnsignedLong(entrySize);
  }
}
