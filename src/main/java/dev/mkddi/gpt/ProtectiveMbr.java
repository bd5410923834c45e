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
import org.jspecify.annotations.Nullable;

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
   * Checks sector 0 as the consumers do: the boot signature {@code 55 AA} and a record of type 0xEE
   * (libblkid, which systemd-dissect uses, sees no GPT without them) starting at LBA 1 (the
   * kernel's {@code is_pmbr_valid} requires it). Its size should be the disk's sectors after LBA 0,
   * or 2^32 − 1 when they do not fit; no consumer refuses another size (the kernel, blkid and
   * {@code sgdisk -v} accept it), so that is only a warning. Other records, as in a hybrid MBR, are
   * allowed.
   *
   * @param b sector 0 at index 0 (at least 512 bytes)
   * @param totalSectors the sectors of the disk as the GPT records them (AlternateLBA + 1)
   * @return what is wrong, naming the byte offset, or null when the MBR protects the GPT
   */
  static @Nullable Finding check(ByteBuffer b, long totalSectors) {
    short sig = b.getShort(MBR_BOOT_SIGNATURE_OFFSET);
    if (sig != MBR_BOOT_SIGNATURE) {
      return Finding.damage(
          String.format(
              "the protective MBR is damaged (offset %d: boot signature: expected 55 AA, got %02X %02X)",
              MBR_BOOT_SIGNATURE_OFFSET, sig & 0xFF, (sig >> 8) & 0xFF));
    }
    for (int i = 0; i < MBR_RECORD_COUNT; i++) {
      int r = MBR_RECORDS_OFFSET + i * MBR_RECORD_SIZE;
      if (b.get(r + MBR_RECORD_TYPE) != MBR_TYPE_GPT_PROTECTIVE) {
        continue;
      }
      long start = Integer.toUnsignedLong(b.getInt(r + MBR_RECORD_START_LBA));
      if (start != 1) {
        return Finding.damage(
            "the protective MBR is damaged (offset "
                + (r + MBR_RECORD_START_LBA)
                + ": record "
                + (i + 1)
                + " of type 0xEE: starting LBA: expected 1, got "
                + start
                + ")");
      }
      long sectors = Integer.toUnsignedLong(b.getInt(r + MBR_RECORD_SIZE_LBA));
      long expected = Math.min(totalSectors - 1, MAX_U32);
      if (sectors != expected) {
        return new Finding(
            false,
            "the protective MBR's record "
                + (i + 1)
                + " of type 0xEE (offset "
                + (r + MBR_RECORD_SIZE_LBA)
                + ") covers "
                + sectors
                + " sectors, not the "
                + expected
                + " after LBA 0 the GPT describes");
      }
      return null;
    }
    return Finding.damage(
        "the protective MBR is damaged (offset "
            + (MBR_RECORDS_OFFSET + MBR_RECORD_TYPE)
            + ": partition type: none of the "
            + MBR_RECORD_COUNT
            + " records has type 0xEE, so blkid and the kernel see no GPT)");
  }

  /**
   * A problem of the protective MBR.
   *
   * @param damaged whether a consumer refuses the disk for it (else a warning)
   * @param message what is wrong, naming the byte offset
   */
  record Finding(boolean damaged, String message) {
    static Finding damage(String message) {
      return new Finding(true, message);
    }
  }
}
