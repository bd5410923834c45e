package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.ENTRY_ARRAY_SIZE;
import static dev.mkddi.gpt.GptConstants.ENTRY_COUNT;
import static dev.mkddi.gpt.GptConstants.ENTRY_SIZE;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Writes a {@link GptTable} as libfdisk (sfdisk) does: protective MBR in LBA 0, primary header in
 * LBA 1, 128 entries of 128 bytes from LBA 2, the same entries again just before the backup header
 * in the last LBA. Call it last, after the partition contents: it touches only those sectors, with
 * positional writes, and extends the file to the disk size. Stateless and thread-safe (for distinct
 * channels).
 */
public final class GptWriter {
  private GptWriter() {}

  /**
   * Writes the protective MBR, both headers and both entry arrays of {@code table}.
   *
   * @param ch the image, open for writing; at most {@code table.diskSize()} bytes long
   * @param table the table; at most 128 partitions, room for both entry arrays
   * @throws InvalidInputException when two partitions share a unique GUID
   * @throws IllegalArgumentException when the table does not fit this writer's layout or the file
   *     is longer than the disk
   * @throws IOException on a write failure
   */
  public static void write(FileChannel ch, GptTable table) throws IOException {
    check(table);
    if (ch.size() > table.diskSize()) {
      throw new IllegalArgumentException(
          "the image is "
              + ch.size()
              + " bytes, longer than the disk of the GPT ("
              + table.diskSize()
              + " bytes)");
    }
    int s = table.sectorSize();
    long total = table.totalSectors();
    long backupHeaderLba = total - 1;
    long backupEntryLba = backupHeaderLba - GptConstants.entryArraySectors(s);

    ByteBuffer entries = encodeEntries(table.partitions());
    int entryCrc = crc(entries);
    GptHeader primary = header(table, 1, backupHeaderLba, 2, entryCrc);
    GptHeader backup = header(table, backupHeaderLba, 1, backupEntryLba, entryCrc);

    PositionalIo.writeFully(ch, ProtectiveMbr.encode(s, total), 0);
    PositionalIo.writeFully(ch, primary.encode(s), s);
    PositionalIo.writeFully(ch, entries.duplicate(), 2L * s);
    PositionalIo.writeFully(ch, entries.duplicate(), Math.multiplyExact(backupEntryLba, s));
    PositionalIo.writeFully(ch, backup.encode(s), Math.multiplyExact(backupHeaderLba, s));
  }

  private static void check(GptTable t) throws InvalidInputException {
    List<GptPartition> parts = t.partitions();
    if (parts.size() > ENTRY_COUNT) {
      throw new IllegalArgumentException(
          parts.size() + " partitions; this writer writes at most " + ENTRY_COUNT);
    }
    long arraySectors = GptConstants.entryArraySectors(t.sectorSize());
    if (t.firstUsableLba() < 2 + arraySectors
        || t.lastUsableLba() > t.totalSectors() - 2 - arraySectors) {
      throw new IllegalArgumentException(
          "usable range "
              + t.firstUsableLba()
              + "-"
              + t.lastUsableLba()
              + " leaves no room for the entry arrays on a disk of "
              + t.totalSectors()
              + " sectors");
    }
    Map<UUID, Integer> seen = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Integer other = seen.put(parts.get(i).uniqueGuid(), i + 1);
      if (other != null) {
        throw new InvalidInputException(
            "partitions "
                + other
                + " and "
                + (i + 1)
                + " have the same unique GUID "
                + parts.get(i).uniqueGuid()
                + " (identical content in two verity partitions gives identical UUIDs)");
      }
    }
  }

  private static ByteBuffer encodeEntries(List<GptPartition> parts) {
    ByteBuffer b = LittleEndian.allocate(ENTRY_ARRAY_SIZE);
    for (int i = 0; i < parts.size(); i++) {
      parts.get(i).encode(b, i * ENTRY_SIZE);
    }
    return b;
  }

  private static GptHeader header(
      GptTable t, long myLba, long alternateLba, long entryLba, int entryCrc) {
    return new GptHeader(
        myLba,
        alternateLba,
        t.firstUsableLba(),
        t.lastUsableLba(),
        t.diskGuid(),
        entryLba,
        ENTRY_COUNT,
        ENTRY_SIZE,
        entryCrc);
  }

  private static int crc(ByteBuffer b) {
    CRC32 crc = new CRC32();
    crc.update(b.duplicate());
    return (int) crc.getValue();
  }
}
