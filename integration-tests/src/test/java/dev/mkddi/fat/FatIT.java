package dev.mkddi.fat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ProgressListener;
import dev.mkddi.it.Tools;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks mkddi's FAT file systems with fsck.fat, mtools, mkfs.fat and a mount. */
class FatIT {
  private static final Instant T = Instant.parse("2024-05-06T07:08:09Z");
  private static final long MIB = 1 << 20;
  private static final int VOLUME_ID = 0x1234abcd;

  @TempDir Path tmp;

  /** An ESP-like tree plus names that need long names, tails and collisions. */
  private List<FatEntry> entries(Map<String, byte[]> expected, long seed) throws IOException {
    Random r = new Random(seed);
    List<String> paths =
        new ArrayList<>(
            List.of(
                "EFI/BOOT/BOOTX64.EFI",
                "EFI/systemd/systemd-bootx64.efi",
                "EFI/Linux/debian-6.1.0-13-amd64.efi",
                "loader/loader.conf",
                "loader/entries/README",
                "Mixed Case/ReadMe.Txt",
                "Mixed Case/a+b=c[1].txt",
                "Mixed Case/.hidden",
                "Mixed Case/Ünïcödé.txt",
                "deep/er/and/deeper/file.tar.gz",
                "empty-file"));
    for (int i = 0; i < 14; i++) {
      paths.add("collide/long file name number " + i + ".txt");
    }
    List<FatEntry> out = new ArrayList<>();
    for (String p : paths) {
      byte[] data = new byte[p.equals("empty-file") ? 0 : r.nextInt(300_000)];
      r.nextBytes(data);
      expected.put(p, data);
      Path f = tmp.resolve("src-" + expected.size());
      Files.write(f, data);
      out.add(r.nextBoolean() ? FatEntry.file(p, f) : FatEntry.bytes(p, data));
    }
    out.add(FatEntry.directory("EFI/empty dir"));
    return out;
  }

  private Path write(List<FatEntry> entries, FatOptions o, String name, long offset)
      throws IOException {
    Path img = tmp.resolve(name);
    FatImage fs = FatWriter.plan(entries, o);
    try (FileChannel ch =
        FileChannel.open(img, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      fs.write(ch, offset, ProgressListener.NONE);
      ch.truncate(offset + o.sizeBytes());
      if (ch.size() < offset + o.sizeBytes()) {
        ch.write(java.nio.ByteBuffer.allocate(1), offset + o.sizeBytes() - 1);
      }
    }
    return img;
  }

  @ParameterizedTest
  @CsvSource({
    "20, AUTO, 16, 512",
    "600, AUTO, 32, 512",
    "4, AUTO, 12, 512",
    "64, FAT32, 32, 512",
    "20, AUTO, 12, 4096",
    "64, AUTO, 16, 4096",
    "600, AUTO, 32, 4096",
    "100, AUTO, 16, 2048"
  })
  void testFsckAndMtools(long mib, FatType type, int bits, int sectorSize) throws Exception {
    Tools.require("fsck.fat", "mdir", "mcopy");
    Map<String, byte[]> expected = new TreeMap<>();
    List<FatEntry> entries = entries(expected, mib);
    FatOptions o =
        FatOptions.of(mib * MIB, VOLUME_ID, "ESP", T).withType(type).withSectorSize(sectorSize);
    assertEquals(bits, FatWriter.plan(entries, o).geometry().type().bits());
    Path img = write(entries, o, "esp.img", 0);

    Tools.Result fsck = Tools.run("fsck.fat", "-n", "-v", img.toString()).ok();
    assertFalse(
        fsck.stdout().contains("differ") || fsck.stdout().contains("corrected"), fsck.stdout());

    Tools.Result ls = mtools("mdir", "-/", "-b", "-i", img.toString(), "::").ok();
    TreeSet<String> listed = new TreeSet<>();
    for (String line : ls.stdout().split("\n")) {
      if (!line.isBlank() && !line.endsWith("/")) {
        listed.add(line.substring("::/".length()));
      }
    }
    assertEquals(expected.keySet(), listed);
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      Path out = tmp.resolve("out-" + e.getKey().hashCode());
      String glob = e.getKey().replace("[", "\\[").replace("]", "\\]");
      mtools("mcopy", "-n", "-i", img.toString(), "::/" + glob, out.toString()).ok();
      assertArrayEquals(e.getValue(), Files.readAllBytes(out), e.getKey());
    }
    String dir = mtools("mdir", "-i", img.toString(), "::/collide").ok().stdout();
    assertTrue(dir.contains("LONGFI~1 TXT"), dir);
    assertTrue(dir.contains("LONGFI~9 TXT"), dir);
    assertTrue(dir.contains("Volume Serial Number is 1234-ABCD"), dir);
  }

  private static Tools.Result mtools(String... cmd) throws Exception {
    List<String> c = new ArrayList<>(List.of("env", "LC_ALL=C.UTF-8", "MTOOLS_SKIP_CHECK=0"));
    c.addAll(Arrays.asList(cmd));
    return Tools.run(null, c);
  }

  /**
   * An empty file system is byte-identical to mkfs.fat's, apart from the boot code and the label
   * entry's timestamps (mkfs.fat 4.2 takes them from the clock; SOURCE_DATE_EPOCH came later).
   */
  @ParameterizedTest
  @CsvSource({
    "4, AUTO, 512",
    "20, AUTO, 512",
    "300, AUTO, 512",
    "600, AUTO, 512",
    "1, AUTO, 4096",
    "20, AUTO, 4096",
    "64, AUTO, 4096",
    "260, AUTO, 4096",
    "300, FAT16, 4096",
    "600, AUTO, 4096",
    "1100, AUTO, 4096",
    "20, FAT32, 4096",
    "100, AUTO, 2048",
    "300, AUTO, 1024"
  })
  void testEmptyFileSystem_matchesMkfsFat(long mib, FatType type, int sectorSize) throws Exception {
    Tools.require("mkfs.fat");
    FatOptions o =
        FatOptions.of(mib * MIB, VOLUME_ID, "ESP", T).withType(type).withSectorSize(sectorSize);
    Path ours = write(List.of(), o, "ours.img", 0);
    FatGeometry g = FatWriter.plan(List.of(), o).geometry();
    long label = g.sectorOffset(g.reservedSectors() + 2 * g.fatSectors());
    Path theirs = tmp.resolve("theirs.img");
    Files.write(theirs, new byte[0]);
    Tools.run(null, List.of("truncate", "-s", String.valueOf(mib * MIB), theirs.toString())).ok();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "env",
                "SOURCE_DATE_EPOCH=" + T.getEpochSecond(),
                "mkfs.fat",
                "-S",
                String.valueOf(sectorSize),
                "-i",
                "1234abcd",
                "-n",
                "ESP"));
    if (type != FatType.AUTO) {
      cmd.addAll(List.of("-F", String.valueOf(type.bits())));
    }
    cmd.add(theirs.toString());
    Tools.run(null, cmd).ok();
    assertEquals(Files.size(theirs), Files.size(ours));
    boolean fat32 = g.type() == FatType.FAT32;
    int code = fat32 ? 90 : 62;
    for (Path p : List.of(ours, theirs)) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        for (int sector : fat32 ? new int[] {0, 6} : new int[] {0}) {
          ch.write(java.nio.ByteBuffer.allocate(510 - code), g.sectorOffset(sector) + code);
        }
        ch.write(java.nio.ByteBuffer.allocate(26 - 13), label + 13);
      }
    }
    assertEquals(-1, Files.mismatch(ours, theirs), "first difference from mkfs.fat");
  }

  @Test
  void testWrite_reproducibleAtAnOffset() throws Exception {
    Map<String, byte[]> expected = new TreeMap<>();
    List<FatEntry> entries = entries(expected, 7);
    FatOptions o = FatOptions.of(40 * MIB, VOLUME_ID, "ESP", T).withHiddenSectors(2048);
    Path a = write(entries, o, "a.img", MIB);
    List<FatEntry> shuffled = new ArrayList<>(entries);
    Collections.shuffle(shuffled, new Random(1));
    Path b = write(shuffled, o, "b.img", MIB);
    assertEquals(-1, Files.mismatch(a, b));
  }

  /**
   * Mounts the file system and compares the tree. Uses the kernel's vfat driver when the kernel has
   * it, else fusefat (a FUSE FAT driver, an independent reader).
   */
  @Test
  void testMount_treeMatches() throws Exception {
    Tools.requireRoot();
    Map<String, byte[]> expected = new TreeMap<>();
    List<FatEntry> entries = entries(expected, 11);
    entries.add(FatEntry.bytes("unicode/emoji 😀 name.txt", new byte[] {42}));
    expected.put("unicode/emoji 😀 name.txt", new byte[] {42});
    // no label: fusefat lists a volume-label entry as a file
    Path img = write(entries, FatOptions.of(64 * MIB, VOLUME_ID, "", T), "m.img", 0);
    Path mnt = Files.createDirectory(tmp.resolve("mnt"));
    boolean kernel =
        Files.readString(Path.of("/proc/filesystems")).contains("vfat")
            || Tools.run("modprobe", "vfat").exitCode() == 0;
    if (kernel) {
      Tools.run("mount", "-t", "vfat", "-o", "loop,ro,utf8", img.toString(), mnt.toString()).ok();
    } else {
      Tools.require("fusefat");
      Tools.run("fusefat", "-o", "ro", img.toString(), mnt.toString()).ok();
    }
    try {
      Map<String, byte[]> found = new TreeMap<>();
      try (Stream<Path> s = Files.walk(mnt)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          if (Files.isRegularFile(p)) {
            found.put(mnt.relativize(p).toString(), Files.readAllBytes(p));
          }
        }
      }
      assertEquals(expected.keySet(), found.keySet());
      for (String k : expected.keySet()) {
        assertArrayEquals(expected.get(k), found.get(k), k);
      }
      assertTrue(Files.isDirectory(mnt.resolve("EFI/empty dir")));
    } finally {
      Tools.run("umount", mnt.toString());
    }
  }
}
