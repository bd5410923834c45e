package dev.mkddi.erofs;

import static dev.mkddi.tree.TestTrees.T;
import static dev.mkddi.tree.TestTrees.bytes;
import static dev.mkddi.tree.TestTrees.dir;
import static dev.mkddi.tree.TestTrees.entry;
import static dev.mkddi.tree.TestTrees.meta;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.RecordingListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.TestTrees;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErofsWriterTest {
  @TempDir Path tmp;

  private Path write(FileTree tree, ErofsOptions options) throws IOException {
    return write(tree, options, "image-" + System.nanoTime(), 2);
  }

  private Path write(FileTree tree, ErofsOptions options, String name, int threads)
      throws IOException {
    Path image = tmp.resolve(name);
    ErofsImage planned = ErofsWriter.plan(tree, options);
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE, threads);
    }
    assertEquals(planned.sizeBytes(), Files.size(image));
    return image;
  }

  private FileTree everyType(TestTrees t) {
    RegularFile shared = t.file(bytes(5000, 1), Metadata.of(04755, 1000, 100, T));
    Metadata xattrs =
        new Metadata(
            0644,
            0,
            0,
            T,
            List.of(
                new Xattr("user.mime", "text/plain".getBytes()),
                new Xattr("security.capability", new byte[] {1, 0, 0, 2, (byte) 0xff, 0, 0, 0}),
                new Xattr("trusted.overlay", new byte[] {(byte) 0xde, (byte) 0xad}),
                new Xattr("system.posix_acl_access", new byte[] {2, 0, 0, 0})));
    return FileTree.of(
        dir(
            entry("-dash", t.file(new byte[0])),
            entry("bin", dir(meta(0700), entry("sh", shared), entry("link", t.symlink("sh")))),
            entry(
                "dev",
                dir(
                    entry("null", t.special(SpecialType.CHARACTER_DEVICE, 1, 3)),
                    entry("sda", t.special(SpecialType.BLOCK_DEVICE, 8, 0)),
                    entry("big", t.special(SpecialType.CHARACTER_DEVICE, 4095, 0xFFFFF)))),
            entry("etc", dir(entry("hostname", t.file("mkddi\n".getBytes(), xattrs)))),
            entry("hard", shared),
            entry(
                "run",
                dir(
                    entry("fifo", t.special(SpecialType.FIFO, 0, 0)),
                    entry("sock", t.special(SpecialType.SOCKET, 0, 0)))),
            entry("tmp", dir(meta(01777)))));
  }

  @Test
  void testWrite_everyEntryTypeRoundTrips() throws IOException {
    FileTree tree = everyType(new TestTrees(tmp));
    ImageCheck.check(tree, write(tree, ErofsOptions.defaults()));
  }

  @Test
  void testWrite_superblockFields() throws IOException {
    FileTree tree = everyType(new TestTrees(tmp));
    UUID uuid = UUID.fromString("11111111-2222-3333-4444-555555555555");
    Path image = write(tree, ErofsOptions.defaults().withLabel("root-x86-64").withUuid(uuid));
    try (FileChannel ch = FileChannel.open(image)) {
      Superblock sb = ErofsReader.open(ch, 0, "image").superblock();
      assertEquals(36, sb.rootNid());
      assertEquals(uuid, sb.uuid());
      assertEquals("root-x86-64", sb.volumeName());
      assertEquals(Files.size(image) / 4096, sb.blocks());
      assertEquals(15, sb.inodeCount()); // 6 dirs + 8 other inodes (sh and hard share one)
      assertEquals(T.getEpochSecond(), sb.buildTime());
      assertEquals(3, sb.featureCompat());
      ByteBuffer raw = ByteBuffer.allocate(16);
      ch.read(raw, 1024 + 48);
      assertEquals(
          "11111111222233334444555555555555", java.util.HexFormat.of().formatHex(raw.array()));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0,0,0",
    "1,2,0",
    "4095,0,1",
    "4096,0,1",
    "4097,2,1",
    "8191,0,2",
    "12288,0,3",
    "65537,2,16"
  })
  void testWrite_fileSizesChooseLayouts(int size, int layout, int blocks) throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree = FileTree.of(dir(entry("f", t.file(bytes(size, size)))));
    Path image = write(tree, ErofsOptions.defaults());
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "image");
      ErofsReader.Inode f = r.lookup("/f");
      assertEquals(layout, f.layout(), "layout");
      long dataBlocks = r.superblock().blocks() - 1; // one metadata block
      assertEquals(blocks, dataBlocks, "data blocks");
      assertEquals(blocks > 0 ? 1 : layout == 2 ? -1 : 0, f.u(), "i_u");
    }
  }

  @Test
  void testWrite_thousandsOfEntriesSortedAcrossBlocks() throws IOException {
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      entries.add(entry("entry-" + "x".repeat(i % 50) + i, t.file(new byte[] {(byte) i})));
    }
    entries.add(entry("n".repeat(255), t.file(new byte[] {1})));
    FileTree tree = FileTree.of(dir(entry("big", dir(entries.toArray(new DirEntry[0])))));
    Path image = write(tree, ErofsOptions.defaults());
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader.Inode big = ErofsReader.open(ch, 0, "image").lookup("/big");
      assertTrue(big.size() > 20 * 4096, "spans many blocks: " + big.size());
    }
  }

  @Test
  void testWrite_longSymlinkIsPlainShortIsInline() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree =
        FileTree.of(
            dir(
                entry("long", t.symlink("y".repeat(4095))),
                entry("short", t.symlink("x".repeat(3000)))));
    Path image = write(tree, ErofsOptions.defaults());
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "image");
      assertEquals(0, r.lookup("/long").layout());
      assertEquals(2, r.lookup("/short").layout());
    }
  }

  @Test
  void testWrite_compactOnlyWhereItSuffices() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree =
        FileTree.of(
            dir(
                entry("compact", t.file(new byte[1])),
                entry("bigid", t.file(new byte[1], Metadata.of(0644, 65536, 0, T))),
                entry("older", t.file(new byte[1], Metadata.of(0644, 0, 0, T.minusSeconds(1)))),
                entry("nanos", t.file(new byte[1], Metadata.of(0644, 0, 0, T.plusNanos(1))))));
    Path image = write(tree, ErofsOptions.defaults().withSourceDateEpoch(T));
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "image");
      assertFalse(r.lookup("/compact").extended());
      assertTrue(r.lookup("/bigid").extended());
      assertTrue(r.lookup("/older").extended());
      assertFalse(r.lookup("/nanos").extended()); // clamped to the epoch
      assertEquals(T, r.lookup("/nanos").mtime());
      assertEquals(T.minusSeconds(1), r.lookup("/older").mtime());
    }
  }

  @Test
  void testPlan_buildTimeIsNewestMtimeWithoutEpoch() throws IOException {
    TestTrees t = new TestTrees(tmp);
    Instant newest = T.plusSeconds(100).plusNanos(42);
    FileTree tree =
        FileTree.of(
            dir(
                entry("a", t.file(new byte[1])),
                entry("b", t.file(new byte[1], Metadata.of(0644, 0, 0, newest)))));
    ErofsImage image = ErofsWriter.plan(tree, ErofsOptions.defaults());
    assertEquals(newest, image.buildTime());
  }

  @Test
  void testWrite_insideLargerFileAtOffset() throws IOException {
    FileTree tree = everyType(new TestTrees(tmp));
    ErofsImage planned = ErofsWriter.plan(tree, ErofsOptions.defaults());
    Path disk = tmp.resolve("disk");
    long offset = 1 << 20;
    byte[] fill = new byte[(int) (offset * 2 + planned.sizeBytes())];
    Arrays.fill(fill, (byte) 0xaa);
    Files.write(disk, fill);
    try (FileChannel ch =
        FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      planned.write(ch, offset, ProgressListener.NONE);
      ImageCheck.check(tree, ch, offset);
    }
    byte[] after = Files.readAllBytes(disk);
    for (long i : new long[] {0, offset - 1, offset + planned.sizeBytes(), after.length - 1}) {
      assertEquals((byte) 0xaa, after[(int) i], "byte " + i + " untouched");
    }
    Path alone = write(tree, ErofsOptions.defaults());
    assertArrayEquals(
        Files.readAllBytes(alone),
        Arrays.copyOfRange(after, (int) offset, (int) (offset + planned.sizeBytes())));
  }

  @Test
  void testWrite_sameBytesForAnyThreadCountAndRun() throws IOException {
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> entries = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      entries.add(entry("f" + i, t.file(bytes(i * 97, i))));
    }
    FileTree tree = FileTree.of(dir(entries.toArray(new DirEntry[0])));
    byte[] one = Files.readAllBytes(write(tree, ErofsOptions.defaults(), "one", 1));
    assertTrue(one.length > 2 * ErofsImage.CHUNK, "several chunks: " + one.length);
    assertArrayEquals(one, Files.readAllBytes(write(tree, ErofsOptions.defaults(), "four", 4)));
    assertArrayEquals(one, Files.readAllBytes(write(tree, ErofsOptions.defaults(), "again", 3)));
  }

  @Test
  void testPlan_uuidFromOptionSeedOrMetadata() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree a = FileTree.of(dir(entry("f", t.file(new byte[] {1}))));
    FileTree b = FileTree.of(dir(entry("f", t.file(new byte[] {1}, meta(0600)))));
    UUID seed = UUID.fromString("0b1e1f0e-9d1c-4d7b-8f6a-3c2b1a090807");
    ErofsOptions o = ErofsOptions.defaults();
    assertEquals(ErofsWriter.plan(a, o).uuid(), ErofsWriter.plan(a, o).uuid());
    assertNotEquals(ErofsWriter.plan(a, o).uuid(), ErofsWriter.plan(b, o).uuid());
    assertEquals(
        ErofsWriter.plan(a, o.withSeed(seed)).uuid(), ErofsWriter.plan(b, o.withSeed(seed)).uuid());
    assertNotEquals(
        ErofsWriter.plan(a, o.withSeed(seed)).uuid(),
        ErofsWriter.plan(a, o.withSeed(seed).withLabel("usr")).uuid());
    assertEquals(4, ErofsWriter.plan(a, o.withSeed(seed)).uuid().version());
    UUID explicit = UUID.randomUUID();
    assertEquals(explicit, ErofsWriter.plan(a, o.withSeed(seed).withUuid(explicit)).uuid());
  }

  @Test
  void testPlan_unsupportedXattrDroppedWithWarning() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree =
        FileTree.of(
            dir(
                entry(
                    "f",
                    t.file(
                        new byte[1],
                        new Metadata(
                            0644,
                            0,
                            0,
                            T,
                            List.of(
                                new Xattr("system.nfs4_acl", new byte[4]),
                                new Xattr("user.ok", new byte[1])))))));
    RecordingListener listener = new RecordingListener();
    ErofsWriter.plan(tree, ErofsOptions.defaults(), listener);
    assertEquals(1, listener.warnings().size());
    assertTrue(
        listener.warnings().get(0).startsWith("/f: extended attribute system.nfs4_acl cannot be"),
        listener.warnings().get(0));
  }

  @Test
  void testPlan_xattrsLargerThanABlockRefused() {
    TestTrees t = new TestTrees(tmp);
    FileTree tree =
        FileTree.of(
            dir(
                entry(
                    "f",
                    t.file(
                        new byte[1],
                        new Metadata(
                            0644, 0, 0, T, List.of(new Xattr("user.big", new byte[5000])))))));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ErofsWriter.plan(tree, ErofsOptions.defaults()));
    assertTrue(
        e.getMessage().startsWith("/f: extended attributes need 5020 bytes"), e.getMessage());
  }

  @Test
  void testXattrLimit_inlineAreaAndNameLength() {
    // 12 + (4 + 3 + 4013, padded to 4020) = 4032: exactly what fits next to an extended inode
    assertNull(ErofsWriter.XATTR_LIMIT.problem(List.of(new Xattr("user.big", new byte[4013]))));
    assertEquals(
        "extended attributes need 4036 bytes in EROFS, at most 4032 fit next to the inode",
        ErofsWriter.XATTR_LIMIT.problem(List.of(new Xattr("user.big", new byte[4014]))));
    assertEquals(
        "extended attributes need 65556 bytes in EROFS, at most 4032 fit next to the inode",
        ErofsWriter.XATTR_LIMIT.problem(List.of(new Xattr("user.big", new byte[65536]))));
    assertEquals(
        "extended attribute name user."
            + "n".repeat(256)
            + " has 256 bytes after user., EROFS allows at most 255",
        ErofsWriter.XATTR_LIMIT.problem(
            List.of(new Xattr("user." + "n".repeat(256), new byte[1]))));
    // names EROFS cannot store are dropped by the writer (with a warning), not counted
    assertNull(ErofsWriter.XATTR_LIMIT.problem(List.of(new Xattr("system.x", new byte[5000]))));
  }

  @Test
  void testOptions_labelLimit() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ErofsOptions.defaults().withLabel("sixteen-bytes-xx"));
    assertEquals("fifteen-bytes-x", ErofsOptions.defaults().withLabel("fifteen-bytes-x").label());
  }

  @Test
  void testWrite_fileShrunkAfterScanIsAnError() throws IOException {
    TestTrees t = new TestTrees(tmp);
    RegularFile f = t.file(bytes(10000, 3));
    FileTree tree = FileTree.of(dir(entry("f", f)));
    ErofsImage planned = ErofsWriter.plan(tree, ErofsOptions.defaults());
    Files.write(f.content().file(), new byte[100]);
    try (FileChannel ch =
        FileChannel.open(
            tmp.resolve("x"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      IOException e =
          assertThrows(IOException.class, () -> planned.write(ch, 0, ProgressListener.NONE));
      assertTrue(e.getMessage().startsWith("/f: "), e.getMessage());
    }
  }

  /** Random trees (seeded): write, read back, compare everything. */
  @ParameterizedTest
  @CsvSource({"1", "2", "3", "4", "5", "6"})
  void testWrite_randomTreesRoundTrip(long seed) throws IOException {
    java.util.Random rnd = new java.util.Random(seed);
    TestTrees t = new TestTrees(tmp);
    List<RegularFile> files = new ArrayList<>();
    FileTree tree = FileTree.of(randomDir(rnd, t, files, 0));
    ImageCheck.check(tree, write(tree, ErofsOptions.defaults()));
  }

  private static Directory randomDir(
      java.util.Random rnd, TestTrees t, List<RegularFile> files, int depth) {
    List<DirEntry> entries = new ArrayList<>();
    int n = rnd.nextInt(depth == 0 ? 40 : 15);
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      String name =
          "e"
              + Integer.toString(rnd.nextInt(100000), 36)
              + "z".repeat(rnd.nextInt(3) == 0 ? rnd.nextInt(200) : 0);
      if (!used.add(name)) {
        continue;
      }
      int kind = rnd.nextInt(10);
      Metadata m =
          new Metadata(
              rnd.nextInt(07777 + 1),
              rnd.nextInt(3) == 0 ? 70000 : 0,
              rnd.nextInt(2),
              T.minusSeconds(rnd.nextInt(3)),
              rnd.nextInt(4) == 0
                  ? List.of(new Xattr("user.k" + i, bytes(rnd.nextInt(300), i)))
                  : List.of());
      if (kind == 0 && depth < 4) {
        entries.add(entry(name, randomDir(rnd, t, files, depth + 1)));
      } else if (kind == 1 && !files.isEmpty()) {
        entries.add(entry(name, files.get(rnd.nextInt(files.size()))));
      } else if (kind == 2) {
        entries.add(entry(name, t.symlink("t".repeat(1 + rnd.nextInt(4095)))));
      } else {
        int[] sizes = {0, 1, 100, 4095, 4096, 4097, 9000, 3 * 4096 + 5};
        RegularFile f = t.file(bytes(sizes[rnd.nextInt(sizes.length)] + rnd.nextInt(50), i), m);
        files.add(f);
        entries.add(entry(name, f));
      }
    }
    return dir(meta(0755), entries.toArray(new DirEntry[0]));
  }
}
