package dev.mkddi.fat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FatWriterTest {
  private static final Instant T = Instant.parse("2024-05-06T07:08:09Z");
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;

  /** Random tree: nested directories, long and short names, collisions, empty files. */
  private List<FatEntry> randomEntries(long seed, Map<String, byte[]> expected) throws IOException {
    Random r = new Random(seed);
    List<FatEntry> out = new ArrayList<>();
    String[] dirs = {"EFI", "EFI/BOOT", "EFI/Linux", "loader/entries", "a dir/with spaces", "x"};
    for (int i = 0; i < 60; i++) {
      String dir = dirs[r.nextInt(dirs.length)];
      String name =
          switch (r.nextInt(4)) {
            case 0 -> "FILE" + i + ".EFI";
            case 1 -> "long file name number " + i + ".conf";
            case 2 -> "Mixed.Case" + i;
            default -> "same-prefix-" + i + ".txt";
          };
      byte[] data = new byte[r.nextInt(3) == 0 ? 0 : r.nextInt(20000)];
      r.nextBytes(data);
      String path = dir + "/" + name;
      expected.put(path, data);
      if (r.nextBoolean()) {
        Path f = tmp.resolve("src" + seed + "-" + i);
        Files.write(f, data);
        out.add(FatEntry.file(path, f));
      } else {
        out.add(FatEntry.bytes(path, data));
      }
    }
    out.add(FatEntry.directory("empty/dir"));
    return out;
  }

  private FatTestReader writeAndRead(List<FatEntry> entries, FatOptions o, Path img)
      throws IOException {
    FatImage fs = FatWriter.plan(entries, o);
    try (FileChannel ch =
        FileChannel.open(
            img, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      fs.write(ch, 4096, ProgressListener.NONE);
      return new FatTestReader(ch, 4096);
    }
  }

  @ParameterizedTest
  @CsvSource({"4, AUTO, 12", "20, AUTO, 16", "40, FAT32, 32", "600, AUTO, 32", "20, FAT12, 12"})
  void testWrite_roundTrip(long mib, FatType type, int bits) throws Exception {
    Map<String, byte[]> expected = new TreeMap<>();
    List<FatEntry> entries = randomEntries(mib, expected);
    FatOptions o = FatOptions.of(mib * MIB, 0x1234abcd, "ESP", T).withType(type);
    FatTestReader r = writeAndRead(entries, o, tmp.resolve("fs.img"));
    assertEquals(bits, r.bits);
    assertEquals(0x1234abcdL, r.volumeId);
    assertEquals("ESP        ", r.label);
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      FatTestReader.Item item = r.items.get(e.getKey());
      assertArrayEquals(e.getValue(), item.content(), e.getKey());
      assertEquals(FatTime.of(T).date(), item.mdate());
    }
    assertTrue(r.items.get("empty/dir").directory());
    assertTrue(r.items.get("a dir/with spaces").directory());
    assertTrue(r.fatsIdentical);
    assertFatReaderReads(tmp.resolve("fs.img"), expected);
  }

  /** mkddi's own {@link FatReader} (what verify uses) finds and reads every file. */
  private static void assertFatReaderReads(Path img, Map<String, byte[]> expected)
      throws IOException {
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      FatReader fat = FatReader.open(ch, 4096, img.toString());
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        int slash = e.getKey().lastIndexOf('/');
        String name = e.getKey().substring(slash + 1);
        List<FatReader.Entry> dir = fat.list(e.getKey().substring(0, slash)).orElseThrow();
        FatReader.Entry f =
            dir.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertArrayEquals(e.getValue(), fat.read(f), e.getKey());
      }
      assertTrue(fat.list("EFI/nothing").isEmpty());
      assertTrue(fat.list("empty/dir").orElseThrow().isEmpty());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "4, AUTO, 12, 4096",
    "64, AUTO, 16, 4096",
    "20, FAT32, 32, 4096",
    "40, AUTO, 16, 2048"
  })
  void testWrite_roundTripLargeSectors(long mib, FatType type, int bits, int sectorSize)
      throws Exception {
    Map<String, byte[]> expected = new TreeMap<>();
    List<FatEntry> entries = randomEntries(mib, expected);
    FatOptions o =
        FatOptions.of(mib * MIB, 0x1234abcd, "ESP", T)
            .withType(type)
            .withSectorSize(sectorSize)
            .withHiddenSectors(256);
    FatTestReader r = writeAndRead(entries, o, tmp.resolve("fs.img"));
    assertEquals(bits, r.bits);
    assertEquals(sectorSize, r.sectorSize);
    assertEquals(256, r.hiddenSectors);
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), r.items.get(e.getKey()).content(), e.getKey());
    }
    assertTrue(r.fatsIdentical);
    assertFatReaderReads(tmp.resolve("fs.img"), expected);
  }

  @Test
  void testOptions_sizeNotAMultipleOfTheSectorSize() {
    FatOptions o = FatOptions.of(MIB + 512, 1, "", T);
    assertThrows(IllegalArgumentException.class, () -> o.withSectorSize(4096));
    assertThrows(IllegalArgumentException.class, () -> opts().withSectorSize(520));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void testWrite_reproducibleFromShuffledInput(long seed) throws Exception {
    Map<String, byte[]> expected = new TreeMap<>();
    List<FatEntry> entries = randomEntries(seed, expected);
    FatOptions o = FatOptions.of(20 * MIB, FatOptions.volumeIdFromSeed(seed), "", T);
    Path a = tmp.resolve("a.img");
    Path b = tmp.resolve("b.img");
    writeAndRead(entries, o, a);
    List<FatEntry> shuffled = new ArrayList<>(entries);
    Collections.shuffle(shuffled, new Random(seed));
    writeAndRead(shuffled, o, b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void testPlan_tooSmallNamesTheMinimum() throws Exception {
    List<FatEntry> entries = List.of(FatEntry.bytes("big", new byte[(int) (3 * MIB)]));
    FatOptions o = FatOptions.of(2 * MIB, 1, "ESP", T);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> FatWriter.plan(entries, o));
    long min = FatWriter.minimumSize(entries, o);
    assertEquals(4 * MIB, min);
    assertEquals(
        "FAT: 1 files of 3145728 bytes do not fit into 2 MiB (2097152 bytes); at least 4 MiB"
            + " needed",
        e.getMessage());
    FatWriter.plan(entries, o.withSize(min));
  }

  @Test
  void testPlan_rootDirectoryFull() throws Exception {
    List<FatEntry> entries = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      entries.add(FatEntry.bytes("F" + i, new byte[0]));
    }
    FatOptions o = FatOptions.of(20 * MIB, 1, "", T);
    assertThrows(InvalidInputException.class, () -> FatWriter.plan(entries, o));
    assertEquals(512 * MIB, FatWriter.minimumSize(entries, o), "FAT32 has no fixed root");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a/b:c|FAT path 'a/b:c': character U+003A is not allowed in FAT names",
        "a//b|FAT path 'a//b': empty path component",
        "a/..|FAT path 'a/..': '..' is not allowed",
        "name.|FAT path 'name.': 'name.' ends with a dot or a space (FAT drops them)",
      })
  void testPlan_badNames(String path, String message) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FatWriter.plan(List.of(FatEntry.bytes(path, new byte[1])), opts()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void testPlan_duplicatesIgnoringCase() {
    List<FatEntry> entries =
        List.of(FatEntry.bytes("EFI/a", new byte[1]), FatEntry.bytes("efi/b", new byte[1]));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> FatWriter.plan(entries, opts()));
    assertEquals("FAT: 'efi/b': 'efi' and 'EFI' are the same name on FAT", e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            FatWriter.plan(
                List.of(FatEntry.bytes("a", new byte[1]), FatEntry.bytes("A", new byte[1])),
                opts()));
    assertThrows(
        InvalidInputException.class,
        () ->
            FatWriter.plan(
                List.of(FatEntry.bytes("a", new byte[1]), FatEntry.directory("a/b")), opts()));
  }

  @Test
  void testPlan_badLabel() {
    FatOptions o = new FatOptions(20 * MIB, 1, "A.B", T, FatType.AUTO, 0, 512);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> FatWriter.plan(List.of(), o));
    assertEquals("FAT volume label 'A.B': character '.' is not allowed", e.getMessage());
  }

  @Test
  void testWrite_shortNamesAndLongNames() throws Exception {
    List<FatEntry> entries =
        List.of(
            FatEntry.bytes("EFI/BOOT/BOOTX64.EFI", new byte[] {1}),
            FatEntry.bytes("EFI/systemd/systemd-bootx64.efi", new byte[] {2}),
            FatEntry.bytes("EFI/systemd/systemd-bootia32.efi", new byte[] {3}),
            FatEntry.bytes("loader/loader.conf", "timeout 3\n".getBytes()));
    FatTestReader r = writeAndRead(entries, opts(), tmp.resolve("n.img"));
    assertEquals("BOOTX64 EFI", r.items.get("EFI/BOOT/BOOTX64.EFI").shortName());
    assertEquals("SYSTEM~1EFI", r.items.get("EFI/systemd/systemd-bootia32.efi").shortName());
    assertEquals("SYSTEM~2EFI", r.items.get("EFI/systemd/systemd-bootx64.efi").shortName());
    assertEquals("LOADER~1CON", r.items.get("loader/loader.conf").shortName());
    assertFalse(r.items.get("EFI").shortName().contains("~"));
  }

  @Test
  void testFatTime_clampsAndEncodes() {
    assertEquals(new FatTime(1 | 1 << 5, 0, 0), FatTime.of(Instant.EPOCH));
    FatTime t = FatTime.of(Instant.parse("2024-05-06T07:08:09.250Z"));
    assertEquals(6 | 5 << 5 | 44 << 9, t.date());
    assertEquals(4 | 8 << 5 | 7 << 11, t.time());
    assertEquals(125, t.centiseconds());
    assertEquals(31 | 12 << 5 | 127 << 9, FatTime.of(Instant.parse("2200-01-01T00:00:00Z")).date());
  }

  private static FatOptions opts() {
    return FatOptions.of(20 * MIB, 7, "ESP", T);
  }
}
