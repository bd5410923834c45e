package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.MBR_BOOT_SIGNATURE;
import static dev.mkddi.gpt.GptConstants.MBR_BOOT_SIGNATURE_OFFSET;
import static dev.mkddi.gpt.GptConstants.MBR_PROTECTIVE_END_CHS;
import static dev.mkddi.gpt.GptConstants.MBR_PROTECTIVE_START_CHS;
import static dev.mkddi.gpt.GptConstants.MBR_RECORDS_OFFSET;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_COUNT;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_END_CHS;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_SIZE;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_SIZE_LBA;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_START_CHS;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_START_LBA;
import static dev.mkddi.gpt.GptConstants.MBR_RECORD_TYPE;
import static dev.mkddi.gpt.GptConstants.MBR_TYPE_GPT_PROTECTIVE;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;

/** The protective MBR in LBA 0 of a GPT disk. Stateless and thread-safe. */
final class ProtectiveMbr {
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  private ProtectiveMbr() {}

  /**
   * Encodes the sector as libfdisk writes it: no boot code, no disk signature, one record of type
   * 0xEE from LBA 1 covering the disk (at most 2^32 − 1 sectors).
   *
   * @param totalSectors the number of sectors of the disk
   * @return the sector, position 0, limit {@code sectorSize}
   */
  static ByteBuffer encode(int sectorSize, long totalSectors) {
    ByteBuffer b = LittleEndian.allocate(sectorSize);
    int r = MBR_RECORDS_OFFSET;
    b.put(r + MBR_RECORD_START_CHS, MBR_PROTECTIVE_START_CHS);
    b.put(r + MBR_RECORD_TYPE, MBR_TYPE_GPT_PROTECTIVE);
    b.put(r + MBR_RECORD_END_CHS, MBR_PROTECTIVE_END_CHS);
    b.putInt(r + MBR_RECORD_START_LBA, 1);
    b.putInt(r + MBR_RECORD_SIZE_LBA, (int) Math.min(totalSectors - 1, MAX_U32));
    b.putShort(MBR_BOOT_SIGNATURE_OFFSET, MBR_BOOT_SIGNATURE);
    return b;
  }

  /**
   * @param b sector 0 at index 0 (at least 512 bytes)
   * @return whether it carries the boot signature and a record of type 0xEE
   */
  static boolean isProtective(ByteBuffer b) {
    if (b.getShort(MBR_BOOT_SIGNATURE_OFFSET) != MBR_BOOT_SIGNATURE) {
      return false;
    }
    for (int i = 0; i < MBR_RECORD_COUNT; i++) {
      if (b.get(MBR_RECORDS_OFFSET + i * MBR_RECORD_SIZE + MBR_RECORD_TYPE)
          == MBR_TYPE_GPT_PROTECTIVE) {
        return true;
      }
    }
    return false;
  }
}
