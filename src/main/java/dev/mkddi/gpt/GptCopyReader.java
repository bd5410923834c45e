package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptConstants.ENTRY_SIZE;
import static dev.mkddi.gpt.GptConstants.HEADER_ALTERNATE_LBA_OFFSET;
import static dev.mkddi.gpt.GptConstants.HEADER_CRC_OFFSET;
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
import static dev.mkddi.gpt.GptConstants.MAX_ENTRY_ARRAY_SIZE;
import static dev.mkddi.gpt.GptConstants.MAX_ENTRY_SIZE;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates one copy (primary or backup) of a GPT: its header and its entry array.
 * Partition-level checks are left to {@link GptReader}. Stateless and thread-safe.
 */
final class GptCopyReader {
  private static final int CHUNK = 64 * 1024;
  private static final int SIGNATURE_BYTES = 8;

  private GptCopyReader() {}

  /** One used entry: its index, its file offset and its first 128 bytes (little-endian). */
  record Entry(int index, long offset, ByteBuffer bytes) {}

  /** A valid header with the used entries of its valid entry array. */
  record Copy(GptHeader header, int sectorSize, boolean isPrimary, List<Entry> entries) {}

  /** Why a copy is not valid; cheap (no stack trace), turned into messages by the caller. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final long offset;
    private final String field;
    private final String problem;
    private final boolean absent;

    Invalid(long offset, String field, String problem, boolean absent) {
      super(field + ": " + problem, null, false, false);
      this.offset = offset;
      this.field = field;
      this.problem = problem;
      this.absent = absent;
    }

    long offset() {
      return offset;
    }

    String field() {
      return field;
    }

    String problem() {
      return problem;
    }

    /**
     * @param a a problem found so far, or null
     * @param b a new problem
     * @return the one that says more: a damaged header beats no header at all
     */
    static Invalid moreTelling(@Nullable Invalid a, Invalid b) {
      return a == null || (a.absent && !b.absent) ? b : a;
    }
  }

  /**
   * Reads the header at {@code lba} and its entry array.
   *
   * @param ch the disk
   * @param size the size of the disk in bytes
   * @param s the sector size to assume
   * @param lba where the header should be
   * @param primary whether this is the primary (else the backup) copy
   * @return the copy
   * @throws Invalid when the header or its entry array is not valid
   * @throws IOException on a read failure
   */
  static Copy read(FileChannel ch, long size, int s, long lba, boolean primary)
      throws IOException, Invalid {
    long sectors = size / s;
    if (lba < 1 || lba >= sectors) {
      throw new Invalid(
          Math.max(0, size - s),
          "GPT header",
          "LBA "
              + lba
              + " is beyond the end of the disk ("
              + sectors
              + " sectors of "
              + s
              + " bytes)",
          true);
    }
    long off = lba * s;
    ByteBuffer b = LittleEndian.allocate(s);
    PositionalIo.readFully(ch, b, off);
    if (b.getLong(HEADER_SIGNATURE_OFFSET) != HEADER_SIGNATURE) {
      throw new Invalid(
          off,
          "GPT header signature",
          "expected 'EFI PART', got " + describe(b, SIGNATURE_BYTES),
          true);
    }
    int rev = b.getInt(HEADER_REVISION_OFFSET);
    if (rev >>> 16 != HEADER_REVISION >>> 16) {
      throw new Invalid(
          off + HEADER_REVISION_OFFSET,
          "GPT header revision",
          String.format("expected 0x%08x, got 0x%08x", HEADER_REVISION, rev),
          false);
    }
    long hs = Integer.toUnsignedLong(b.getInt(HEADER_SIZE_OFFSET));
    if (hs < HEADER_SIZE || hs > s) {
      throw new Invalid(
          off + HEADER_SIZE_OFFSET,
          "GPT header size",
          "expected " + HEADER_SIZE + " to " + s + ", got " + hs,
          false);
    }
    int crc = GptHeader.crc(b, (int) hs);
    if (crc != b.getInt(HEADER_CRC_OFFSET)) {
      throw new Invalid(
          off + HEADER_CRC_OFFSET,
          "GPT header CRC32",
          String.format("computed 0x%08x, stored 0x%08x", crc, b.getInt(HEADER_CRC_OFFSET)),
          false);
    }
    GptHeader h = GptHeader.decode(b);
    checkGeometry(h, off, s, lba, sectors, primary);
    return new Copy(h, s, primary, readEntries(ch, h, s));
  }

  private static void checkGeometry(
      GptHeader h, long off, int s, long lba, long sectors, boolean primary) throws Invalid {
    if (h.myLba() != lba) {
      throw new Invalid(
          off + HEADER_MY_LBA_OFFSET,
          "GPT header MyLBA",
          "expected " + lba + ", got " + h.myLba(),
          false);
    }
    long es = Integer.toUnsignedLong(h.entrySize());
    if (es < ENTRY_SIZE
        || es > MAX_ENTRY_SIZE
        || Long.bitCount(es / ENTRY_SIZE) != 1
        || es % ENTRY_SIZE != 0) {
      throw new Invalid(
          off + HEADER_ENTRY_SIZE_OFFSET,
          "GPT entry size",
          "expected 128 x 2^n bytes, at most " + MAX_ENTRY_SIZE + ", got " + es,
          false);
    }
    if (h.entryArrayBytes() > MAX_ENTRY_ARRAY_SIZE) {
      throw new Invalid(
          off + HEADER_ENTRY_COUNT_OFFSET,
          "GPT entry count",
          Integer.toUnsignedLong(h.entryCount())
              + " entries of "
              + es
              + " bytes exceed the "
              + MAX_ENTRY_ARRAY_SIZE
              + "-byte limit for an entry array",
          false);
    }
    long first = h.firstUsableLba();
    long last = h.lastUsableLba();
    long alternate = h.alternateLba();
    if (primary
        ? alternate <= last || alternate >= Long.MAX_VALUE / s
        : alternate >= first || alternate < 1) {
      throw new Invalid(
          off + HEADER_ALTERNATE_LBA_OFFSET,
          "GPT header AlternateLBA",
          alternate
              + (primary
                  ? " is not a plausible LBA after the last usable LBA " + last
                  : " is not before the first usable LBA " + first),
          false);
    }
    long total = primary ? alternate + 1 : lba + 1;
    if (first < 2 || first > last + 1) {
      throw new Invalid(
          off + HEADER_FIRST_USABLE_OFFSET,
          "GPT header FirstUsableLBA",
          "usable range " + first + "-" + last + " is empty or overlaps the headers",
          false);
    }
    if (last >= Math.min(total, sectors) - 1) {
      throw new Invalid(
          off + HEADER_LAST_USABLE_OFFSET,
          "GPT header LastUsableLBA",
          last + " is not before the backup header at LBA " + (Math.min(total, sectors) - 1),
          false);
    }
    long arraySectors = (h.entryArrayBytes() + s - 1) / s;
    long entryLba = h.entryLba();
    boolean placed =
        primary
            ? entryLba >= 2 && entryLba <= first - arraySectors
            : entryLba > last && entryLba <= lba - arraySectors;
    if (!placed || entryLba + arraySectors > sectors) {
      throw new Invalid(
          off + HEADER_ENTRY_LBA_OFFSET,
          "GPT header PartitionEntryLBA",
          "an entry array of "
              + arraySectors
              + " sectors at LBA "
              + entryLba
              + (placed
                  ? " runs past the end of the disk (" + sectors + " sectors)"
                  : " overlaps the headers or the usable range " + first + "-" + last),
          false);
    }
  }

  private static List<Entry> readEntries(FileChannel ch, GptHeader h, int s)
      throws IOException, Invalid {
    int es = h.entrySize();
    long count = Integer.toUnsignedLong(h.entryCount());
    long base = h.entryLba() * s;
    int perChunk = CHUNK / es;
    ByteBuffer chunk = LittleEndian.allocate(perChunk * es);
    CRC32 crc = new CRC32();
    List<Entry> used = new ArrayList<>();
    for (long i = 0; i < count; i += perChunk) {
      int n = (int) Math.min(perChunk, count - i);
      chunk.clear().limit(n * es);
      PositionalIo.readFully(ch, chunk, base + i * es);
      crc.update(chunk.flip().duplicate());
      for (int k = 0; k < n; k++) {
        if (!GptPartition.isUnused(chunk, k * es)) {
          ByteBuffer e = LittleEndian.allocate(ENTRY_SIZE);
          e.put(0, chunk, k * es, ENTRY_SIZE);
          used.add(new Entry((int) (i + k), base + (i + k) * es, e));
        }
      }
    }
    if ((int) crc.getValue() != h.entryArrayCrc()) {
      throw new Invalid(
          base,
          "GPT entry array CRC32",
          String.format("computed 0x%08x, stored 0x%08x", (int) crc.getValue(), h.entryArrayCrc()),
          false);
    }
    return used;
  }

  private static String describe(ByteBuffer b, int n) {
    StringBuilder text = new StringBuilder("'");
    StringBuilder hex = new StringBuilder();
    boolean printable = true;
    for (int i = 0; i < n; i++) {
      int c = b.get(i) & 0xFF;
      printable &= c >= 0x20 && c < 0x7F;
      text.append((char) c);
      hex.append(i == 0 ? "" : " ").append(String.format("%02x", c));
    }
    return printable ? text.append("'").toString() : hex.toString();
  }
}
