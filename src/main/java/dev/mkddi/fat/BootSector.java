package dev.mkddi.fat;

import static dev.mkddi.fat.FatConstants.BACKUP_BOOT_OFFSET;
import static dev.mkddi.fat.FatConstants.BACKUP_BOOT_SECTOR;
import static dev.mkddi.fat.FatConstants.BOOT_SIGNATURE;
import static dev.mkddi.fat.FatConstants.BOOT_SIGNATURE_OFFSET;
import static dev.mkddi.fat.FatConstants.BPB_END;
import static dev.mkddi.fat.FatConstants.BYTES_PER_SECTOR_OFFSET;
import static dev.mkddi.fat.FatConstants.DRIVE_NUMBER_FIXED_DISK;
import static dev.mkddi.fat.FatConstants.EXTENDED_BOOT_SIGNATURE;
import static dev.mkddi.fat.FatConstants.FAT32_BPB_END;
import static dev.mkddi.fat.FatConstants.FAT_COUNT;
import static dev.mkddi.fat.FatConstants.FAT_COUNT_OFFSET;
import static dev.mkddi.fat.FatConstants.FAT_SECTORS_16_OFFSET;
import static dev.mkddi.fat.FatConstants.FAT_SECTORS_32_OFFSET;
import static dev.mkddi.fat.FatConstants.FIRST_CLUSTER;
import static dev.mkddi.fat.FatConstants.FSINFO_FREE_COUNT_OFFSET;
import static dev.mkddi.fat.FatConstants.FSINFO_LEAD_OFFSET;
import static dev.mkddi.fat.FatConstants.FSINFO_LEAD_SIGNATURE;
import static dev.mkddi.fat.FatConstants.FSINFO_NEXT_FREE_OFFSET;
import static dev.mkddi.fat.FatConstants.FSINFO_SECTOR;
import static dev.mkddi.fat.FatConstants.FSINFO_SECTOR_OFFSET;
import static dev.mkddi.fat.FatConstants.FSINFO_STRUCT_OFFSET;
import static dev.mkddi.fat.FatConstants.FSINFO_STRUCT_SIGNATURE;
import static dev.mkddi.fat.FatConstants.HEADS_OFFSET;
import static dev.mkddi.fat.FatConstants.HIDDEN_SECTORS_OFFSET;
import static dev.mkddi.fat.FatConstants.JUMP_OFFSET;
import static dev.mkddi.fat.FatConstants.MEDIA_FIXED_DISK;
import static dev.mkddi.fat.FatConstants.MEDIA_OFFSET;
import static dev.mkddi.fat.FatConstants.OEM_NAME;
import static dev.mkddi.fat.FatConstants.OEM_NAME_OFFSET;
import static dev.mkddi.fat.FatConstants.RESERVED_SECTORS_OFFSET;
import static dev.mkddi.fat.FatConstants.ROOT_CLUSTER_OFFSET;
import static dev.mkddi.fat.FatConstants.ROOT_ENTRIES_OFFSET;
import static dev.mkddi.fat.FatConstants.SECTORS_PER_CLUSTER_OFFSET;
import static dev.mkddi.fat.FatConstants.SECTORS_PER_TRACK_OFFSET;
import static dev.mkddi.fat.FatConstants.TOTAL_SECTORS_16_OFFSET;
import static dev.mkddi.fat.FatConstants.TOTAL_SECTORS_32_OFFSET;
import static dev.mkddi.fat.FatConstants.VI_DRIVE_NUMBER;
import static dev.mkddi.fat.FatConstants.VI_END;
import static dev.mkddi.fat.FatConstants.VI_FS_TYPE;
import static dev.mkddi.fat.FatConstants.VI_LABEL;
import static dev.mkddi.fat.FatConstants.VI_SIGNATURE;
import static dev.mkddi.fat.FatConstants.VI_VOLUME_ID;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the boot sector (BIOS parameter block as {@code mkfs.fat} fills it) and the FAT32 FSInfo
 * sector. The boot code is a minimal stub that halts: an ESP is never booted by BIOS.
 */
final class BootSector {
  /** cli; hlt; jmp back to hlt. */
  private static final byte[] BOOT_CODE = {(byte) 0xFA, (byte) 0xF4, (byte) 0xEB, (byte) 0xFD};

  private static final int JUMP_SHORT = 0xEB;
  private static final int NOP = 0x90;

  private BootSector() {}

  /**
   * @param g the layout
   * @param o the options
   * @param label the 11 label bytes
   * @return the boot sector, one logical sector (the structure in its first 512 bytes)
   */
  static ByteBuffer encode(FatGeometry g, FatOptions o, byte[] label) {
    ByteBuffer b = LittleEndian.allocate(g.sectorSize());
    boolean fat32 = g.type() == FatType.FAT32;
    int vi = fat32 ? FAT32_BPB_END : BPB_END;
    int code = vi + VI_END;
    b.put(JUMP_OFFSET, (byte) JUMP_SHORT).put(JUMP_OFFSET + 1, (byte) (code - 2));
    b.put(JUMP_OFFSET + 2, (byte) NOP);
    b.put(OEM_NAME_OFFSET, OEM_NAME.getBytes(StandardCharsets.US_ASCII));
    b.putShort(BYTES_PER_SECTOR_OFFSET, (short) g.sectorSize());
    b.put(SECTORS_PER_CLUSTER_OFFSET, (byte) g.sectorsPerCluster());
    b.putShort(RESERVED_SECTORS_OFFSET, (short) g.reservedSectors());
    b.put(FAT_COUNT_OFFSET, (byte) FAT_COUNT);
    b.putShort(ROOT_ENTRIES_OFFSET, (short) g.rootEntries());
    if (g.totalSectors() < 65536) {
      b.putShort(TOTAL_SECTORS_16_OFFSET, (short) g.totalSectors());
    } else {
      b.putInt(TOTAL_SECTORS_32_OFFSET, (int) g.totalSectors());
    }
    b.put(MEDIA_OFFSET, (byte) MEDIA_FIXED_DISK);
    b.putShort(SECTORS_PER_TRACK_OFFSET, (short) g.sectorsPerTrack());
    b.putShort(HEADS_OFFSET, (short) g.heads());
    b.putInt(HIDDEN_SECTORS_OFFSET, (int) o.hiddenSectors());
    if (fat32) {
      b.putInt(FAT_SECTORS_32_OFFSET, (int) g.fatSectors());
      b.putInt(ROOT_CLUSTER_OFFSET, FIRST_CLUSTER);
      b.putShort(FSINFO_SECTOR_OFFSET, (short) FSINFO_SECTOR);
      b.putShort(BACKUP_BOOT_OFFSET, (short) BACKUP_BOOT_SECTOR);
    } else {
      b.putShort(FAT_SECTORS_16_OFFSET, (short) g.fatSectors());
    }
    b.put(vi + VI_DRIVE_NUMBER, (byte) DRIVE_NUMBER_FIXED_DISK);
    b.put(vi + VI_SIGNATURE, (byte) EXTENDED_BOOT_SIGNATURE);
    b.putInt(vi + VI_VOLUME_ID, o.volumeId());
    b.put(vi + VI_LABEL, label);
    b.put(vi + VI_FS_TYPE, g.type().label().getBytes(StandardCharsets.US_ASCII));
    b.put(code, BOOT_CODE);
    b.putShort(BOOT_SIGNATURE_OFFSET, (short) BOOT_SIGNATURE);
    return b;
  }

  /**
   * @param freeClusters free clusters after writing
   * @param lastAllocated the most recently allocated cluster (hint for the next allocation)
   * @param sectorSize the logical sector size
   * @return the FSInfo sector, one logical sector (the structure in its first 512 bytes)
   */
  static ByteBuffer fsInfo(long freeClusters, long lastAllocated, int sectorSize) {
    ByteBuffer b = LittleEndian.allocate(sectorSize);
    b.putInt(FSINFO_LEAD_OFFSET, FSINFO_LEAD_SIGNATURE);
    b.putInt(FSINFO_STRUCT_OFFSET, FSINFO_STRUCT_SIGNATURE);
    b.putInt(FSINFO_FREE_COUNT_OFFSET, (int) freeClusters);
    b.putInt(FSINFO_NEXT_FREE_OFFSET, (int) lastAllocated);
    b.putShort(BOOT_SIGNATURE_OFFSET, (short) BOOT_SIGNATURE);
    return b;
  }
}
