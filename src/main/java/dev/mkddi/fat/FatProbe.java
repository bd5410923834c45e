package dev.mkddi.fat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Recognises a FAT file system by its boot sector (the 0x55 0xAA signature and a {@code
 * BS_FilSysType} starting with "FAT", in the FAT12/16 or the FAT32 place), for whoever must tell
 * file systems apart before choosing a reader ({@code inspect}). Stateless.
 */
public final class FatProbe {
  /** How many bytes from the start of the file system {@link #matches} looks at. */
  public static final int HEAD_BYTES = FatConstants.BOOT_SIGNATURE_OFFSET + 2;

  private static final byte[] FAT = "FAT".getBytes(StandardCharsets.US_ASCII);

  private FatProbe() {}

  /**
   * @param head the boot sector, little-endian, at least {@link #HEAD_BYTES} bytes from index 0
   * @return whether it is a FAT boot sector
   */
  public static boolean matches(ByteBuffer head) {
    return head.limit() >= HEAD_BYTES
        && Short.toUnsignedInt(head.getShort(FatConstants.BOOT_SIGNATURE_OFFSET))
            == FatConstants.BOOT_SIGNATURE
        && (fsType(head, FatConstants.BPB_END) || fsType(head, FatConstants.FAT32_BPB_END));
  }

  private static boolean fsType(ByteBuffer head, int volumeInfo) {
    int at = volumeInfo + FatConstants.VI_FS_TYPE;
    for (int i = 0; i < FAT.length; i++) {
      if (head.get(at + i) != FAT[i]) {
        return false;
      }
    }
    return true;
  }
}
