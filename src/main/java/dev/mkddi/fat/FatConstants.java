package dev.mkddi.fat;

/** On-disk layout of FAT boot sectors, FSInfo sectors and directory entries (offsets in bytes). */
final class FatConstants {
  /** The boot and FSInfo structures' size, and the smallest logical sector size. */
  static final int SECTOR_SIZE = 512;

  static final int MIN_SECTOR_SIZE = SECTOR_SIZE;
  static final int MAX_SECTOR_SIZE = 4096;
  static final int DIR_ENTRY_SIZE = 32;
  static final int FAT_COUNT = 2;
  static final int MEDIA_FIXED_DISK = 0xF8;
  static final int DRIVE_NUMBER_FIXED_DISK = 0x80;
  static final int EXTENDED_BOOT_SIGNATURE = 0x29;
  static final int BOOT_SIGNATURE = 0xAA55;
  static final String OEM_NAME = "mkfs.fat";
  static final String NO_NAME = "NO NAME    ";

  // BIOS parameter block, common part
  static final int JUMP_OFFSET = 0;
  static final int JUMP_LEN = 3;
  static final int OEM_NAME_OFFSET = JUMP_OFFSET + JUMP_LEN;
  static final int OEM_NAME_LEN = 8;
  static final int BYTES_PER_SECTOR_OFFSET = OEM_NAME_OFFSET + OEM_NAME_LEN;
  static final int SECTORS_PER_CLUSTER_OFFSET = BYTES_PER_SECTOR_OFFSET + 2;
  static final int RESERVED_SECTORS_OFFSET = SECTORS_PER_CLUSTER_OFFSET + 1;
  static final int FAT_COUNT_OFFSET = RESERVED_SECTORS_OFFSET + 2;
  static final int ROOT_ENTRIES_OFFSET = FAT_COUNT_OFFSET + 1;
  static final int TOTAL_SECTORS_16_OFFSET = ROOT_ENTRIES_OFFSET + 2;
  static final int MEDIA_OFFSET = TOTAL_SECTORS_16_OFFSET + 2;
  static final int FAT_SECTORS_16_OFFSET = MEDIA_OFFSET + 1;
  static final int SECTORS_PER_TRACK_OFFSET = FAT_SECTORS_16_OFFSET + 2;
  static final int HEADS_OFFSET = SECTORS_PER_TRACK_OFFSET + 2;
  static final int HIDDEN_SECTORS_OFFSET = HEADS_OFFSET + 2;
  static final int TOTAL_SECTORS_32_OFFSET = HIDDEN_SECTORS_OFFSET + 4;
  static final int BPB_END = TOTAL_SECTORS_32_OFFSET + 4;

  // FAT32 extension of the BPB
  static final int FAT_SECTORS_32_OFFSET = BPB_END;
  static final int EXT_FLAGS_OFFSET = FAT_SECTORS_32_OFFSET + 4;
  static final int FS_VERSION_OFFSET = EXT_FLAGS_OFFSET + 2;
  static final int ROOT_CLUSTER_OFFSET = FS_VERSION_OFFSET + 2;
  static final int FSINFO_SECTOR_OFFSET = ROOT_CLUSTER_OFFSET + 4;
  static final int BACKUP_BOOT_OFFSET = FSINFO_SECTOR_OFFSET + 2;
  static final int FAT32_RESERVED_LEN = 12;
  static final int FAT32_BPB_END = BACKUP_BOOT_OFFSET + 2 + FAT32_RESERVED_LEN;

  // extended BPB (volume info), relative to its start: BPB_END (FAT12/16) or FAT32_BPB_END
  static final int VI_DRIVE_NUMBER = 0;
  static final int VI_BOOT_FLAGS = VI_DRIVE_NUMBER + 1;
  static final int VI_SIGNATURE = VI_BOOT_FLAGS + 1;
  static final int VI_VOLUME_ID = VI_SIGNATURE + 1;
  static final int VI_LABEL = VI_VOLUME_ID + 4;
  static final int VI_LABEL_LEN = 11;
  static final int VI_FS_TYPE = VI_LABEL + VI_LABEL_LEN;
  static final int VI_FS_TYPE_LEN = 8;
  static final int VI_END = VI_FS_TYPE + VI_FS_TYPE_LEN;
  static final int BOOT_SIGNATURE_OFFSET = 510;

  // FSInfo sector (FAT32)
  static final int FSINFO_SECTOR = 1;
  static final int BACKUP_BOOT_SECTOR = 6;
  static final int FAT32_RESERVED_SECTORS = 32;
  static final int FSINFO_LEAD_SIGNATURE = 0x41615252;
  static final int FSINFO_STRUCT_SIGNATURE = 0x61417272;
  static final int FSINFO_LEAD_OFFSET = 0;
  static final int FSINFO_STRUCT_OFFSET = 484;
  static final int FSINFO_FREE_COUNT_OFFSET = FSINFO_STRUCT_OFFSET + 4;
  static final int FSINFO_NEXT_FREE_OFFSET = FSINFO_FREE_COUNT_OFFSET + 4;

  // directory entry (short name)
  static final int DE_NAME = 0;
  static final int DE_NAME_LEN = 11;
  static final int DE_ATTR = DE_NAME + DE_NAME_LEN;
  static final int DE_NT_RES = DE_ATTR + 1;
  static final int DE_CTIME_CS = DE_NT_RES + 1;
  static final int DE_CTIME = DE_CTIME_CS + 1;
  static final int DE_CDATE = DE_CTIME + 2;
  static final int DE_ADATE = DE_CDATE + 2;
  static final int DE_CLUSTER_HI = DE_ADATE + 2;
  static final int DE_MTIME = DE_CLUSTER_HI + 2;
  static final int DE_MDATE = DE_MTIME + 2;
  static final int DE_CLUSTER_LO = DE_MDATE + 2;
  static final int DE_SIZE = DE_CLUSTER_LO + 2;

  // long-name entry
  static final int LFN_ORD = 0;
  static final int LFN_NAME1 = LFN_ORD + 1;
  static final int LFN_NAME1_CHARS = 5;
  static final int LFN_ATTR = LFN_NAME1 + 2 * LFN_NAME1_CHARS;
  static final int LFN_TYPE = LFN_ATTR + 1;
  static final int LFN_CHECKSUM = LFN_TYPE + 1;
  static final int LFN_NAME2 = LFN_CHECKSUM + 1;
  static final int LFN_NAME2_CHARS = 6;
  static final int LFN_CLUSTER = LFN_NAME2 + 2 * LFN_NAME2_CHARS;
  static final int LFN_NAME3 = LFN_CLUSTER + 2;
  static final int LFN_NAME3_CHARS = 2;
  static final int LFN_CHARS = LFN_NAME1_CHARS + LFN_NAME2_CHARS + LFN_NAME3_CHARS;
  static final int LFN_LAST = 0x40;
  static final int MAX_LONG_NAME = 255;

  static final int ATTR_VOLUME = 0x08;
  static final int ATTR_DIRECTORY = 0x10;
  static final int ATTR_ARCHIVE = 0x20;
  static final int ATTR_LONG_NAME = 0x0F;

  // cluster-count limits of mkfs.fat
  static final long MAX_CLUST_12 = 4084;
  static final long MIN_CLUST_16 = 4087;
  static final long MAX_CLUST_16 = 65524;
  static final long MIN_CLUST_32 = 65525;
  static final long MAX_CLUST_32 = 268435446;
  static final int FIRST_CLUSTER = 2;
  static final long MAX_FILE_SIZE = 0xFFFFFFFFL;

  private FatConstants() {}
}
