package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.ENTRY_ATTRIBUTES_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_FIRST_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_LAST_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_TYPE_GUID_OFFSET;
import static dev.mkddi.gpt.GptConstants.ENTRY_UNIQUE_GUID_OFFSET;
import static dev.mkddi.gpt.GptConstants.SECTOR_4096;
import static dev.mkddi.gpt.GptConstants.SECTOR_512;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads the GPT of any disk image or block device: finds the sector size (512 or 4096) by the
 * {@code EFI PART} signature, validates the headers and CRCs, falls back to the backup header and
 * entry array at the end of the disk when the primary ones are damaged, and checks that the
 * partitions lie in the usable range without overlapping. Reads at most one sector and a bounded
 * entry array (4 MiB), so absurd header values cannot cause a large allocation. Stateless and
 * thread-safe (for distinct channels).
 */
public final class GptReader {
  private static final int[] SECTOR_SIZES = {SECTOR_512, SECTOR_4096};

  private GptReader() {}

  /**
   * Reads the partition table.
   *
   * @param ch the disk, open for reading
   * @param file how to name the disk in messages
   * @return the table, the partition numbers, whether the backup was used, and warnings
   * @throws FormatException when neither the primary nor the backup GPT is valid, or when the
   *     partitions lie outside the usable range or overlap
   * @throws IOException on a read failure
   */
  public static GptReadResult read(FileChannel ch, String file) throws IOException {
    long size = ch.size();
    if (size < 2L * SECTOR_512) {
      throw new FormatException(
          file, 0, "disk size", "the file is " + size + " bytes, too small to hold a GPT");
    }
    List<String> warnings = new ArrayList<>();
    List<String> damage = new ArrayList<>();
    GptCopyReader.Invalid primaryProblem = null;
    GptCopyReader.Copy copy = null;
    for (int s : SECTOR_SIZES) {
      try {
        copy = GptCopyReader.read(ch, size, s, 1, true);
        break;
      } catch (GptCopyReader.Invalid e) {
        primaryProblem = GptCopyReader.Invalid.moreTelling(primaryProblem, e);
      }
    }
    boolean backupUsed = copy == null;
    if (copy == null) {
      copy = readBackup(ch, file, size, primaryProblem);
      GptCopyReader.Invalid damaged = Objects.requireNonNull(primaryProblem);
      String problem =
          "the primary GPT is damaged (offset "
              + damaged.offset()
              + ": "
              + damaged.field()
              + ": "
              + primaryProblem.problem()
              + ")";
      damage.add(problem);
      warnings.add(
          file
              + ": "
              + problem
              + "; read the backup GPT at"
              + " offset "
              + copy.header().myLba() * copy.sectorSize()
              + " instead");
    } else {
      checkBackup(ch, file, size, copy, warnings, damage);
      checkMbr(ch, file, copy, warnings, damage);
    }
    return toResult(file, copy, backupUsed, warnings, damage);
  }

  private static GptCopyReader.Copy readBackup(
      FileChannel ch, String file, long size, GptCopyReader.@Nullable Invalid primaryProblem)
      throws IOException {
    GptCopyReader.Invalid backupProblem = null;
    for (int s : SECTOR_SIZES) {
      try {
        return GptCopyReader.read(ch, size, s, size / s - 1, false);
      } catch (GptCopyReader.Invalid e) {
        backupProblem = GptCopyReader.Invalid.moreTelling(backupProblem, e);
      }
    }
    GptCopyReader.Invalid primary = Objects.requireNonNull(primaryProblem);
    GptCopyReader.Invalid backup = Objects.requireNonNull(backupProblem);
    throw new FormatException(
        file,
        primary.offset(),
        primary.field(),
        primary.problem()
            + "; no valid backup GPT at the end of the file either (offset "
            + backup.offset()
            + ": "
            + backup.field()
            + ": "
            + backup.problem()
            + ")");
  }

  private static void checkBackup(
      FileChannel ch,
      String file,
      long size,
      GptCopyReader.Copy primary,
      List<String> warnings,
      List<String> damage)
      throws IOException {
    int s = primary.sectorSize();
    long alternate = primary.header().alternateLba();
    long last = size / s - 1;
    if (alternate < last) {
      warnings.add(
          file
              + ": the backup GPT header is at LBA "
              + alternate
              + " but the last LBA of the disk is "
              + last
              + " (was the image resized?)");
    }
    try {
      GptCopyReader.Copy backup = GptCopyReader.read(ch, size, s, alternate, false);
      if (backup.header().entryArrayCrc() != primary.header().entryArrayCrc()) {
        String problem = "the backup GPT entry array differs from the primary one";
        damage.add(problem);
        warnings.add(file + ": " + problem);
      }
      String disagreement = HeaderAgreement.check(primary.header(), backup.header(), s);
      if (disagreement != null) {
        damage.add(disagreement);
        warnings.add(file + ": " + disagreement);
      }
    } catch (GptCopyReader.Invalid e) {
      String problem =
          alternate > last
              ? "the backup GPT is missing: its header belongs at LBA "
                  + alternate
                  + ", the file ends at LBA "
                  + last
                  + " (truncated?)"
              : "the backup GPT is damaged (offset "
                  + e.offset()
                  + ": "
                  + e.field()
                  + ": "
                  + e.problem()
                  + ")";
      damage.add(problem);
      warnings.add(file + ": " + problem);
    }
  }

  private static void checkMbr(
      FileChannel ch,
      String file,
      GptCopyReader.Copy primary,
      List<String> warnings,
      List<String> damage)
      throws IOException {
    ByteBuffer mbr = LittleEndian.allocate(SECTOR_512);
    PositionalIo.readFully(ch, mbr, 0);
    ProtectiveMbr.Finding f = ProtectiveMbr.check(mbr, primary.header().alternateLba() + 1);
    if (f != null) {
      if (f.damaged()) {
        damage.add(f.message());
      }
      warnings.add(file + ": " + f.message());
    }
  }

  private static GptReadResult toResult(
      String file,
      GptCopyReader.Copy copy,
      boolean backupUsed,
      List<String> warnings,
      List<String> damage)
      throws FormatException {
    GptHeader h = copy.header();
    List<GptPartition> parts = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (GptCopyReader.Entry e : copy.entries()) {
      ByteBuffer b = e.bytes();
      long first = b.getLong(ENTRY_FIRST_LBA_OFFSET);
      long last = b.getLong(ENTRY_LAST_LBA_OFFSET);
      int number = e.index() + 1;
      long at = e.offset() + ENTRY_FIRST_LBA_OFFSET;
      if (first > last) {
        throw new FormatException(
            file,
            at,
            "partition " + number + " LBA range",
            "first LBA " + first + " is after last LBA " + last);
      }
      if (first < h.firstUsableLba() || last > h.lastUsableLba()) {
        throw new FormatException(
            file,
            at,
            "partition " + number + " LBA range",
            "LBA "
                + first
                + "-"
                + last
                + " lies outside the usable range "
                + h.firstUsableLba()
                + "-"
                + h.lastUsableLba());
      }
      parts.add(
          new GptPartition(
              Guids.get(b, ENTRY_TYPE_GUID_OFFSET),
              Guids.get(b, ENTRY_UNIQUE_GUID_OFFSET),
              first,
              last,
              b.getLong(ENTRY_ATTRIBUTES_OFFSET),
              GptPartition.decodeName(b, 0)));
      numbers.add(number);
      offsets.add(at);
    }
    int[] o = GptTable.findOverlap(parts);
    if (o != null) {
      GptPartition a = parts.get(o[0]);
      GptPartition b = parts.get(o[1]);
      throw new FormatException(
          file,
          offsets.get(o[1]),
          "partition " + numbers.get(o[1]) + " LBA range",
          "partitions "
              + numbers.get(o[0])
              + " (LBA "
              + a.firstLba()
              + "-"
              + a.lastLba()
              + ") and "
              + numbers.get(o[1])
              + " (LBA "
              + b.firstLba()
              + "-"
              + b.lastLba()
              + ") overlap");
    }
    warnDuplicates(file, parts, numbers, warnings);
    long total = copy.isPrimary() ? h.alternateLba() + 1 : h.myLba() + 1;
    GptTable table =
        new GptTable(
            copy.sectorSize(), total, h.diskGuid(), h.firstUsableLba(), h.lastUsableLba(), parts);
    return new GptReadResult(table, numbers, backupUsed, warnings, damage);
  }

  private static void warnDuplicates(
      String file, List<GptPartition> parts, List<Integer> numbers, List<String> warnings) {
    Map<UUID, Integer> seen = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      UUID u = parts.get(i).uniqueGuid();
      Integer earlier = seen.putIfAbsent(u, numbers.get(i));
      if (earlier != null) {
        warnings.add(
            file
                + ": partitions "
                + earlier
                + " and "
                + numbers.get(i)
                + " have the same PARTUUID "
                + u
                + " (/dev/disk/by-partuuid/ is ambiguous)");
      }
    }
  }
}
