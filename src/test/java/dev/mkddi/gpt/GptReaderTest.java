package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptTestDisks.DISK;
import static dev.mkddi.gpt.GptTestDisks.bytes;
import static dev.mkddi.gpt.GptTestDisks.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GptReaderTest {
  private static final int ARRAY = GptConstants.ENTRY_ARRAY_SIZE;
  @TempDir Path dir;

  /** Applies {@code edit} to the entry array and writes it into both copies with fixed CRCs. */
  private static void editEntries(Path p, int s, Consumer<ByteBuffer> edit) throws Exception {
    long total = Files.size(p) / s;
    long backupArrayLba = total - 1 - GptConstants.entryArraySectors(s);
    ByteBuffer array = LittleEndian.wrap(bytes(p, 2L * s, ARRAY));
    edit.accept(array);
    patch(p, 2L * s, array.array());
    patch(p, backupArrayLba * s, array.array());
    GptTestDisks.fixCrcs(p, s, 1, 2, ARRAY);
    GptTestDisks.fixCrcs(p, s, total - 1, backupArrayLba, ARRAY);
  }

  private Path sfdisk512() throws Exception {
    return GptTestDisks.write(dir, "d.img", GptTestDisks.sfdisk512());
  }

  @Test
  void testRead_sfdiskFixtures() throws Exception {
    GptReadResult r = GptTestDisks.read(GptTestDisks.fixture(dir, "sfdisk-512.img.gz"));
    assertEquals(GptTestDisks.sfdisk512(), r.table());
    assertEquals(List.of(1, 2, 3), r.partitionNumbers());
    assertFalse(r.backupUsed());
    assertEquals(List.of(), r.warnings());
    r = GptTestDisks.read(GptTestDisks.fixture(dir, "sfdisk-4096.img.gz"));
    assertEquals(GptTestDisks.sfdisk4096(), r.table());
    assertEquals(List.of(), r.warnings());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void testRead_roundTripsRandomTables(long seed) throws Exception {
    Random rnd = new Random(seed);
    int s = rnd.nextBoolean() ? 512 : 4096;
    List<Long> sizes = new ArrayList<>();
    for (int i = rnd.nextInt(10); i > 0; i--) {
      sizes.add(1 + (long) rnd.nextInt(3 << 20));
    }
    GptLayout l = GptLayout.plan(s, 4096L << rnd.nextInt(9), sizes);
    List<PartitionType> types = PartitionTypes.all();
    List<GptPartition> parts = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      StringBuilder name = new StringBuilder();
      for (int k = rnd.nextInt(37); k > 0; k--) {
        name.append((char) (rnd.nextBoolean() ? 'a' + rnd.nextInt(26) : 0xC0 + rnd.nextInt(64)));
      }
      parts.add(
          l.partition(
              i,
              types.get(rnd.nextInt(types.size())).guid(),
              new UUID(rnd.nextLong(), rnd.nextLong()),
              rnd.nextLong(),
              name.toString()));
    }
    GptTable t = l.table(new UUID(rnd.nextLong(), rnd.nextLong()), parts);
    GptReadResult r = GptTestDisks.read(GptTestDisks.write(dir, "r.img", t));
    assertEquals(t, r.table());
    assertEquals(List.of(), r.warnings());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 56, 88})
  void testRead_damagedPrimaryHeaderUsesBackup(int offset) throws Exception {
    Path p = sfdisk512();
    patch(p, 512 + offset, new byte[] {(byte) 0xFF});
    GptReadResult r = GptTestDisks.read(p);
    assertTrue(r.backupUsed());
    assertEquals(GptTestDisks.sfdisk512(), r.table());
    assertEquals(1, r.warnings().size());
    assertTrue(
        r.warnings().get(0).startsWith("d.img: the primary GPT is damaged (offset 5"),
        r.warnings().get(0));
    assertTrue(r.warnings().get(0).endsWith("read the backup GPT at offset 8388096 instead"));
  }

  @Test
  void testRead_damagedPrimaryEntriesUseBackup() throws Exception {
    Path p = sfdisk512();
    patch(p, 1024 + 40, new byte[] {1});
    GptReadResult r = GptTestDisks.read(p);
    assertTrue(r.backupUsed());
    assertEquals(GptTestDisks.sfdisk512(), r.table());
    assertTrue(
        r.warnings().get(0).contains("offset 1024: GPT entry array CRC32: computed 0x"),
        r.warnings().get(0));
  }

  @Test
  void testRead_damaged4096PrimaryFindsBackup() throws Exception {
    Path p = GptTestDisks.fixture(dir, "sfdisk-4096.img.gz");
    patch(p, 4096, "XXXXXXXX".getBytes("US-ASCII"));
    GptReadResult r = GptTestDisks.read(p);
    assertTrue(r.backupUsed());
    assertEquals(GptTestDisks.sfdisk4096(), r.table());
  }

  @Test
  void testRead_bothHeadersDamagedFails() throws Exception {
    Path p = GptTestDisks.fixture(dir, "both-headers-damaged-fail.img.gz");
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertEquals(
        "both-headers-damaged-fail.img: offset 512: GPT header signature: expected"
            + " 'EFI PART', got 'XXXXXXXX'; no valid backup GPT at the end of the file either"
            + " (offset 8388096: GPT header signature: expected 'EFI PART', got 'XXXXXXXX')",
        e.getMessage());
    assertEquals(512, e.offset());
  }

  @Test
  void testRead_damagedBackupWarns() throws Exception {
    Path p = sfdisk512();
    patch(p, Files.size(p) - 512 + 60, new byte[] {7});
    GptReadResult r = GptTestDisks.read(p);
    assertFalse(r.backupUsed());
    assertEquals(
        List.of(
            "d.img: the backup GPT is damaged (offset 8388112: GPT header CRC32:"
                + " computed 0x"
                + r.warnings().get(0).split("computed 0x")[1]),
        r.warnings());
  }

  @Test
  void testRead_grownImageWarns() throws Exception {
    Path p = sfdisk512();
    patch(p, (9L << 20) - 1, new byte[1]);
    GptReadResult r = GptTestDisks.read(p);
    assertEquals(
        List.of(
            "d.img: the backup GPT header is at LBA 16383 but the last LBA of the"
                + " disk is 18431 (was the image resized?)"),
        r.warnings());
    assertEquals(16384, r.table().totalSectors());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "510|0000|offset 510: boot signature: expected 55 AA, got 00 00",
        "511|54|offset 510: boot signature: expected 55 AA, got 55 54",
        "450|83|offset 450: partition type: none of the 4 records has type 0xEE, so blkid and"
            + " the kernel see no GPT",
        "454|02|offset 454: record 1 of type 0xEE: starting LBA: expected 1, got 2",
      })
  void testRead_damagedProtectiveMbrIsDamage(int offset, String hex, String problem)
      throws Exception {
    Path p = sfdisk512();
    patch(p, offset, HexFormat.of().parseHex(hex));
    GptReadResult r = GptTestDisks.read(p);
    String expected = "the protective MBR is damaged (" + problem + ")";
    assertEquals(List.of(expected), r.damage());
    assertEquals(List.of("d.img: " + expected), r.warnings());
  }

  @Test
  void testRead_protectiveMbrOfTheWrongSizeWarns() throws Exception {
    Path p = sfdisk512();
    patch(p, 458, new byte[] {0, 0x40}); // 16384 sectors: the kernel, blkid and sgdisk accept it
    GptReadResult r = GptTestDisks.read(p);
    assertEquals(List.of(), r.damage());
    assertEquals(
        List.of(
            "d.img: the protective MBR's record 1 of type 0xEE (offset 458) covers 16384 sectors,"
                + " not the 16383 after LBA 0 the GPT describes"),
        r.warnings());
  }

  @Test
  void testRead_soundProtectiveMbrOfHybridDiskPasses() throws Exception {
    Path p = sfdisk512();
    patch(p, 446 + 16 + 4, new byte[] {0x0c}); // a FAT record beside the 0xEE one
    assertEquals(List.of(), GptTestDisks.read(p).damage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "32|3|AlternateLBA: the primary header says 1, the backup 3",
        "40|40|FirstUsableLBA: the primary header says 2048, the backup 40",
        "48|16000|LastUsableLBA: the primary header says 16350, the backup 16000",
      })
  void testRead_backupHeaderDisagreeingWithPrimaryIsDamage(int field, long value, String problem)
      throws Exception {
    Path p = sfdisk512();
    long backup = Files.size(p) / 512 - 1;
    ByteBuffer b = LittleEndian.allocate(8);
    b.putLong(0, value);
    patch(p, backup * 512 + field, b.array());
    GptTestDisks.fixCrcs(p, 512, backup, backup - GptConstants.entryArraySectors(512), ARRAY);
    String expected =
        "the backup GPT header disagrees with the primary one (offset "
            + (backup * 512 + field)
            + ": "
            + problem
            + ")";
    assertEquals(List.of(expected), GptTestDisks.read(p).damage());
  }

  @Test
  void testRead_sparseEntriesKeepTheirNumbers() throws Exception {
    Path p = sfdisk512();
    editEntries(
        p,
        512,
        a -> {
          byte[] e = new byte[128];
          a.get(128, e);
          a.put(128, new byte[128]);
          a.put(4 * 128, e);
        });
    GptReadResult r = GptTestDisks.read(p);
    assertEquals(List.of(1, 3, 5), r.partitionNumbers());
    assertEquals("räksmörgås", r.table().partitions().get(2).name());
  }

  @Test
  void testRead_duplicatePartuuidWarns() throws Exception {
    Path p = sfdisk512();
    editEntries(p, 512, a -> a.put(2 * 128 + 16, a, 16, 16));
    assertEquals(
        List.of(
            "d.img: partitions 1 and 3 have the same PARTUUID "
                + GptTestDisks.DATA
                + " (/dev/disk/by-partuuid/ is ambiguous)"),
        GptTestDisks.read(p).warnings());
  }

  @Test
  void testRead_overlappingPartitionsFail() throws Exception {
    Path p = sfdisk512();
    editEntries(p, 512, a -> a.putLong(128 + 32, 6000));
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertEquals(
        "d.img: offset 1184: partition 2 LBA range: partitions 1 (LBA 2048-6143) and 2"
            + " (LBA 6000-8191) overlap",
        e.getMessage());
  }

  @Test
  void testRead_partitionOutsideUsableRangeFails() throws Exception {
    Path p = sfdisk512();
    editEntries(p, 512, a -> a.putLong(2 * 128 + 40, 16351));
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertEquals(
        "d.img: offset 1312: partition 3 LBA range: LBA 8192-16351 lies outside the"
            + " usable range 2048-16350",
        e.getMessage());
  }

  @Test
  void testRead_firstAfterLastFails() throws Exception {
    Path p = sfdisk512();
    editEntries(p, 512, a -> a.putLong(32, 7000));
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertTrue(e.getMessage().endsWith("first LBA 7000 is after last LBA 6143"), e.getMessage());
  }

  @Test
  void testRead_absurdEntryCountFailsWithoutAllocating() throws Exception {
    Path p = sfdisk512();
    long total = Files.size(p) / 512;
    for (long lba : new long[] {1, total - 1}) {
      GptTestDisks.patchInt(p, lba * 512 + GptConstants.HEADER_ENTRY_COUNT_OFFSET, -1);
      GptTestDisks.fixHeaderCrc(p, 512, lba);
    }
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertTrue(
        e.getMessage()
            .startsWith(
                "d.img: offset 592: GPT entry count: 4294967295 entries"
                    + " of 128 bytes exceed the 4194304-byte limit"),
        e.getMessage());
  }

  @Test
  void testRead_tinyFileFails() throws Exception {
    Path p = dir.resolve("tiny.img");
    Files.write(p, new byte[1000]);
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertEquals(
        "tiny.img: offset 0: disk size: the file is 1000 bytes, too small to hold a GPT",
        e.getMessage());
  }

  @Test
  void testRead_zeroFileNamesMissingSignature() throws Exception {
    Path p = dir.resolve("zero.img");
    Files.write(p, new byte[1 << 16]);
    FormatException e = assertThrows(FormatException.class, () -> GptTestDisks.read(p));
    assertTrue(
        e.getMessage()
            .startsWith(
                "zero.img: offset 512: GPT header signature: expected"
                    + " 'EFI PART', got 00 00 00 00 00 00 00 00;"),
        e.getMessage());
  }

  @Test
  void testRead_diskGuidAndNamesDecoded() throws Exception {
    GptReadResult r = GptTestDisks.read(sfdisk512());
    assertEquals(DISK, r.table().diskGuid());
    assertEquals("x".repeat(36), r.table().partitions().get(2).name());
  }
}
