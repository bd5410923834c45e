package dev.mkddi.gpt;

/**
 * On-disk layout of the protective MBR, the GPT header and the GPT partition entry (UEFI 2.10
 * §5.2–5.3), and the placement habits of libfdisk and systemd-repart. Offsets are relative to the
 * start of their structure. Constants only; thread-safe.
 */
public final class GptConstants {
  /** The classic logical sector size. */
  public static final int SECTOR_512 = 512;

  /** The 4Kn logical sector size. */
  public static final int SECTOR_4096 = 4096;

  /** One mebibyte. */
  public static final long MIB = 1L << 20;

  /** Where libfdisk and systemd-repart place the first partition, and the first usable LBA. */
  public static final long FIRST_PARTITION_OFFSET = MIB;

  /** libfdisk's default partition alignment. */
  public static final long DEFAULT_GRAIN = MIB;

  /** The smallest alignment {@link GptLayout} accepts (systemd-repart's grain). */
  public static final long MIN_GRAIN = 4096;

  /** Disk sizes planned by {@link GptLayout} are multiples of this (as systemd-repart's). */
  public static final long DISK_SIZE_ALIGNMENT = 4096;

  // ---- protective MBR (LBA 0) ----

  /** Offset of the first of the four MBR partition records. */
  public static final int MBR_RECORDS_OFFSET = 446;

  /** Size of one MBR partition record. */
  public static final int MBR_RECORD_SIZE = 16;

  /** Number of MBR partition records. */
  public static final int MBR_RECORD_COUNT = 4;

  /** Offset of the boot signature {@code 55 AA}. */
  public static final int MBR_BOOT_SIGNATURE_OFFSET =
      MBR_RECORDS_OFFSET + MBR_RECORD_COUNT * MBR_RECORD_SIZE;

  /** The boot signature read as a little-endian u16. */
  public static final short MBR_BOOT_SIGNATURE = (short) 0xAA55;

  /** Offset of the start CHS address within a record. */
  public static final int MBR_RECORD_START_CHS = 1;

  /** Offset of the OS type within a record. */
  public static final int MBR_RECORD_TYPE = MBR_RECORD_START_CHS + 3;

  /** Offset of the end CHS address within a record. */
  public static final int MBR_RECORD_END_CHS = MBR_RECORD_TYPE + 1;

  /** Offset of the u32 start LBA within a record. */
  public static final int MBR_RECORD_START_LBA = MBR_RECORD_END_CHS + 3;

  /** Offset of the u32 size in sectors within a record. */
  public static final int MBR_RECORD_SIZE_LBA = MBR_RECORD_START_LBA + 4;

  /** OS type of the protective partition. */
  public static final byte MBR_TYPE_GPT_PROTECTIVE = (byte) 0xEE;

  /** Start CHS written by libfdisk: cylinder 0, head 0, sector 2. */
  public static final byte[] MBR_PROTECTIVE_START_CHS = {0x00, 0x02, 0x00};

  /** End CHS written by libfdisk: the "too large for CHS" marker. */
  public static final byte[] MBR_PROTECTIVE_END_CHS = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

  // ---- GPT header (LBA 1 and the last LBA) ----

  /** {@code "EFI PART"} read as a little-endian u64. */
  public static final long HEADER_SIGNATURE = 0x5452415020494645L;

  /** Revision 1.0. */
  public static final int HEADER_REVISION = 0x00010000;

  /** Offset of the signature. */
  public static final int HEADER_SIGNATURE_OFFSET = 0;

  /** Offset of the u32 revision. */
  public static final int HEADER_REVISION_OFFSET = HEADER_SIGNATURE_OFFSET + 8;

  /** Offset of the u32 header size. */
  public static final int HEADER_SIZE_OFFSET = HEADER_REVISION_OFFSET + 4;

  /** Offset of the u32 CRC32 of the header. */
  public static final int HEADER_CRC_OFFSET = HEADER_SIZE_OFFSET + 4;

  /** Offset of the reserved u32 (zero). */
  public static final int HEADER_RESERVED_OFFSET = HEADER_CRC_OFFSET + 4;

  /** Offset of the u64 LBA of this header. */
  public static final int HEADER_MY_LBA_OFFSET = HEADER_RESERVED_OFFSET + 4;

  /** Offset of the u64 LBA of the other header. */
  public static final int HEADER_ALTERNATE_LBA_OFFSET = HEADER_MY_LBA_OFFSET + 8;

  /** Offset of the u64 first usable LBA. */
  public static final int HEADER_FIRST_USABLE_OFFSET = HEADER_ALTERNATE_LBA_OFFSET + 8;

  /** Offset of the u64 last usable LBA. */
  public static final int HEADER_LAST_USABLE_OFFSET = HEADER_FIRST_USABLE_OFFSET + 8;

  /** Offset of the disk GUID (mixed-endian). */
  public static final int HEADER_DISK_GUID_OFFSET = HEADER_LAST_USABLE_OFFSET + 8;

  /** Offset of the u64 LBA of the partition entry array. */
  public static final int HEADER_ENTRY_LBA_OFFSET = HEADER_DISK_GUID_OFFSET + 16;

  /** Offset of the u32 number of partition entries. */
  public static final int HEADER_ENTRY_COUNT_OFFSET = HEADER_ENTRY_LBA_OFFSET + 8;

  /** Offset of the u32 size of one partition entry. */
  public static final int HEADER_ENTRY_SIZE_OFFSET = HEADER_ENTRY_COUNT_OFFSET + 4;

  /** Offset of the u32 CRC32 of the partition entry array. */
  public static final int HEADER_ENTRY_ARRAY_CRC_OFFSET = HEADER_ENTRY_SIZE_OFFSET + 4;

  /** Size of the header this writer produces, and the smallest a reader accepts. */
  public static final int HEADER_SIZE = HEADER_ENTRY_ARRAY_CRC_OFFSET + 4;

  // ---- partition entry ----

  /** Offset of the partition type GUID; all zero marks an unused entry. */
  public static final int ENTRY_TYPE_GUID_OFFSET = 0;

  /** Offset of the unique partition GUID (PARTUUID). */
  public static final int ENTRY_UNIQUE_GUID_OFFSET = ENTRY_TYPE_GUID_OFFSET + 16;

  /** Offset of the u64 first LBA. */
  public static final int ENTRY_FIRST_LBA_OFFSET = ENTRY_UNIQUE_GUID_OFFSET + 16;

  /** Offset of the u64 last LBA (inclusive). */
  public static final int ENTRY_LAST_LBA_OFFSET = ENTRY_FIRST_LBA_OFFSET + 8;

  /** Offset of the u64 attribute bits. */
  public static final int ENTRY_ATTRIBUTES_OFFSET = ENTRY_LAST_LBA_OFFSET + 8;

  /** Offset of the UTF-16LE partition name. */
  public static final int ENTRY_NAME_OFFSET = ENTRY_ATTRIBUTES_OFFSET + 8;

  /** Size of the partition name field in UTF-16 code units. */
  public static final int NAME_MAX_UNITS = 36;

  /** Size of the entries this writer produces, and the smallest a reader accepts. */
  public static final int ENTRY_SIZE = ENTRY_NAME_OFFSET + 2 * NAME_MAX_UNITS;

  /** Number of entries this writer produces. */
  public static final int ENTRY_COUNT = 128;

  /** Size of the entry array this writer produces. */
  public static final int ENTRY_ARRAY_SIZE = ENTRY_COUNT * ENTRY_SIZE;

  /** Largest entry array a reader accepts (32768 entries of 128 bytes). */
  public static final int MAX_ENTRY_ARRAY_SIZE = 4 << 20;

  /** Largest entry size a reader accepts. */
  public static final int MAX_ENTRY_SIZE = 4096;

  private GptConstants() {}

  /**
   * @param sectorSize 512 or 4096
   * @return the number of sectors of the entry array this writer produces
   */
  public static long entryArraySectors(int sectorSize) {
    return (ENTRY_ARRAY_SIZE + sectorSize - 1) / sectorSize;
  }
}
