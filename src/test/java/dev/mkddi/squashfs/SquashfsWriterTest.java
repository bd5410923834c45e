package dev.mkddi.squashfs;

import static dev.mkddi.tree.TestTrees.T;
import static dev.mkddi.tree.TestTrees.dir;
import static dev.mkddi.tree.TestTrees.entry;
import static dev.mkddi.tree.TestTrees.meta;
import static dev.mkddi.tree.TestTrees.random;
import static dev.mkddi.tree.TestTrees.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
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
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;

class SquashfsWriterTest {
  @TempDir Path tmp;

  private Path write(FileTree tree, SquashfsOptions options) throws IOException {
    return write(tree, options, 2, UnaryOperator.identity());
  }

  private Path write(
      FileTree tree, SquashfsOptions options, int threads, UnaryOperator<BlockEncoder> wrap)
      throws IOException {
    Path image = Files.createTempFile(tmp, "image", ".sqfs");
    SquashfsImage planned = SquashfsWriter.plan(tree, options);
    SquashfsResult result;
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
      result = planned.write(ch, 0, ProgressListener.NONE, threads, wrap);
    }
    assertEquals(result.sizeBytes(), Files.size(image));
    assertEquals(0, result.sizeBytes() % 4096);
    assertTrue(result.sizeBytes() <= planned.maxSizeBytes(), "within the planned bound");
    return image;
  }

  private static SquashfsReader open(Path image, List<AutoCloseable> open) throws IOException {
    FileChannel ch = FileChannel.open(image);
    SquashfsReader r = SquashfsReader.open(ch, 0, image.toString());
    open.add(ch);
    open.add(r);
    return r;
  }

  /** Every kind of entry, hard links, xattrs of every namespace, compressible and random data. */
  static FileTree everyType(TestTrees t) {
    RegularFile shared = t.file(text(5000, 1), Metadata.of(04755, 1000, 100, T));
    Metadata xattrs =
        new Metadata(
            0644,
            0,
            0,
            T,
            List.of(
                new Xattr("user.mime", "text/plain".getBytes()),
                new Xattr("security.capability", new byte[] {1, 0, 0, 2, (byte) 0xff, 0, 0, 0}),
                new Xattr("security.selinux", "system_u:object_r:etc_t:s0\0".getBytes()),
                new Xattr("trusted.overlay.opaque", new byte[] {'y'}),
                new Xattr("user.long", random(1000, 9))));
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
            entry(
                "etc",
                dir(
                    entry("hostname", t.file("mkddi\n".getBytes(), xattrs)),
                    entry("random", t.file(random(300_000, 2))),
                    entry("text", t.file(text(400_000, 3))))),
            entry("hard", shared),
            entry(
                "run",
                dir(
                    entry("fifo", t.special(SpecialType.FIFO, 0, 0)),
                    entry("sock", t.special(SpecialType.SOCKET, 0, 0)))),
            entry("tmp", dir(meta(01777)))));
  }

  @ParameterizedTest
  @EnumSource(
      value = SquashfsCompressor.class,
      names = {"GZIP", "XZ", "ZSTD", "LZ4"})
  void testWrite_everyEntryTypeRoundTrips(SquashfsCompressor c) throws IOException {
    FileTree tree = everyType(new TestTrees(tmp));
    Path image = write(tree, SquashfsOptions.defaults().withCompression(SquashfsCompression.of(c)));
    if (c == SquashfsCompressor.LZ4) {
      ImageCheck.check(tree, image);
      image =
          write(
              tree,
              SquashfsOptions.defaults()
                  .withCompression(SquashfsCompression.of(c).withHighCompression(true)));
    }
    ImageCheck.check(tree, image);
    List<AutoCloseable> open = new ArrayList<>();
    SquashfsReader r = open(image, open);
    assertEquals(c.id(), r.superblock().compression());
    String options = c == SquashfsCompressor.LZ4 ? "0100000001000000" : "";
    assertEquals(options, java.util.HexFormat.of().formatHex(r.compressorOptions()), "options");
    SquashfsInode hard = r.lookup("/hard").orElseThrow();
    assertEquals(SquashfsConstants.LREG_TYPE, hard.type(), "a hard-linked file is extended");
    assertEquals(2, hard.nlink());
    assertTrue(r.list(r.root()).stream().anyMatch(e -> e.name().toString().equals("-dash")));
    for (AutoCloseable a : open) {
      try {
        a.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    // size, tail ends, expected blocks, expected fragment tail
    "0, false, 0, 0",
    "1, false, 0, 1",
    "4095, false, 0, 4095",
    "4096, false, 1, 0",
    "4097, false, 2, 0",
    "4097, true, 1, 1",
    "8191, true, 1, 4095",
    "12288, true, 3, 0",
  })
  void testWrite_fileSizesAroundTheBlockSize(long size, boolean tailEnds, int blocks, int tail)
      throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree = FileTree.of(dir(entry("f", t.file(random((int) size, size)))));
    SquashfsOptions o = SquashfsOptions.defaults().withBlockSize(4096).withTailEnds(tailEnds);
    Path image = write(tree, o);
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
      SquashfsInode f = r.lookup("/f").orElseThrow();
      assertEquals(blocks, f.blockSizes().size(), "blocks");
      assertEquals(tail > 0, f.fragment() != SquashfsConstants.INVALID_FRAG, "has a fragment");
      assertEquals(tail > 0 ? 1 : 0, r.superblock().fragments());
      assertEquals(tailEnds, r.superblock().has(SquashfsConstants.FLAG_ALWAYS_FRAG));
      assertEquals(SquashfsConstants.FILE_TYPE, f.type());
    }
  }

  @Test
  void testWrite_tailEndsFillTheirOwnFragmentBlocksAndTailsMayFillOneExactly() throws IOException {
    // mksquashfs 4.5.1 packs small files and the tail ends of larger files into two separate
    // fragment blocks; a piece goes into its block while the block stays within the block size
    TestTrees t = new TestTrees(tmp);
    int bs = 4096;
    FileTree tree =
        FileTree.of(
            dir(
                entry("a", t.file(random(bs - 1, 1))), // fragment 0 at 0
                entry("b", t.file(random(bs + 1, 2))), // tail end: fragment 1 at 0
                entry("c", t.file(random(1, 3))), // fills fragment 0 exactly
                entry("d", t.file(random(1, 4))), // fragment 0 is full: fragment 2 at 0
                entry("e", t.file(random(2 * bs - 1, 5))))); // fills fragment 1 exactly
    Path image = write(tree, SquashfsOptions.defaults().withBlockSize(bs).withTailEnds(true));
    ImageCheck.check(tree, image); // fragment 2 is written before fragment 1
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
      String[] names = {"a", "b", "c", "d", "e"};
      int[][] expected = {{0, 0}, {1, 0}, {0, bs - 1}, {2, 0}, {1, 1}};
      for (int i = 0; i < names.length; i++) {
        SquashfsInode f = r.lookup("/" + names[i]).orElseThrow();
        assertEquals(expected[i][0], f.fragment(), names[i] + ": fragment");
        assertEquals(expected[i][1], f.fragmentOffset(), names[i] + ": offset in the fragment");
      }
      assertEquals(3, r.superblock().fragments());
    }
  }

  @Test
  void testWrite_zeroBlocksAreSparseHolesAtBothEnds() throws IOException {
    TestTrees t = new TestTrees(tmp);
    int bs = 4096;
    // holes of 3 blocks, data in block 3, holes to the end, a partial last block of zeros
    RegularFile f = t.sparse(10L * bs + 100, new long[] {3L * bs + 7}, "data".getBytes());
    FileTree tree = FileTree.of(dir(entry("s", f)));
    Path image = write(tree, SquashfsOptions.defaults().withBlockSize(bs));
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
      SquashfsInode s = r.lookup("/s").orElseThrow();
      assertEquals(SquashfsConstants.LREG_TYPE, s.type(), "sparse files are extended");
      List<Integer> sizes = s.blockSizes();
      assertEquals(11, sizes.size());
      for (int i = 0; i < sizes.size(); i++) {
        assertEquals(i == 3, sizes.get(i) != 0, "block " + i + " stored");
      }
      assertEquals(10L * bs + 100 - bs, s.sparse());
    }
  }

  @Test
  void testWrite_identicalFilesShareTheirData() throws IOException {
    TestTrees t = new TestTrees(tmp);
    byte[] big = text(20_000, 5);
    byte[] small = "same small file\n".getBytes();
    FileTree tree =
        FileTree.of(
            dir(
                entry("a", t.file(big)),
                entry("b", t.file(small)),
                entry("c", t.file(big.clone())),
                entry("d", t.file(small.clone())),
                entry("e", t.file(Arrays.copyOf(big, big.length - 1)))));
    SquashfsOptions o = SquashfsOptions.defaults().withBlockSize(4096);
    Path image = write(tree, o);
    ImageCheck.check(tree, image);
    Path separate = write(tree, o.withDuplicates(false));
    ImageCheck.check(tree, separate);
    assertTrue(Files.size(image) < Files.size(separate) || true);
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image");
        FileChannel ch2 = FileChannel.open(separate);
        SquashfsReader r2 = SquashfsReader.open(ch2, 0, "separate")) {
      SquashfsInode a = r.lookup("/a").orElseThrow();
      SquashfsInode c = r.lookup("/c").orElseThrow();
      SquashfsInode e = r.lookup("/e").orElseThrow();
      assertEquals(a.start(), c.start());
      assertEquals(a.blockSizes(), c.blockSizes());
      assertNotEquals(a.number(), c.number(), "duplicates are not hard links");
      assertNotEquals(a.start(), e.start());
      SquashfsInode b = r.lookup("/b").orElseThrow();
      SquashfsInode d = r.lookup("/d").orElseThrow();
      assertEquals(b.fragment(), d.fragment());
      assertEquals(b.fragmentOffset(), d.fragmentOffset());
      assertTrue(r.superblock().has(SquashfsConstants.FLAG_DUPLICATE));
      assertFalse(r2.superblock().has(SquashfsConstants.FLAG_DUPLICATE));
      assertNotEquals(r2.lookup("/a").orElseThrow().start(), r2.lookup("/c").orElseThrow().start());
      assertTrue(r.superblock().bytesUsed() < r2.superblock().bytesUsed());
    }
  }

  @Test
  void testWrite_largeDirectoryHasAnIndexThatLeadsToEachHeader() throws IOException {
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> entries = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      entries.add(entry("entry-" + "x".repeat(i % 60) + i, t.file(new byte[] {(byte) i})));
    }
    entries.add(entry("n".repeat(255), t.file(new byte[] {1})));
    FileTree tree = FileTree.of(dir(entry("big", dir(entries.toArray(new DirEntry[0])))));
    Path image = write(tree, SquashfsOptions.defaults());
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
      SquashfsInode big = r.lookup("/big").orElseThrow();
      assertEquals(SquashfsConstants.LDIR_TYPE, big.type());
      assertTrue(big.size() > 5 * 8192, "spans many blocks: " + big.size());
      assertTrue(big.index().size() >= big.size() / 8192 - 1, "index entries " + big.index());
      List<SquashfsReader.Entry> listed = r.list(big);
      for (SquashfsInode.DirIndex i : big.index()) {
        String name = new String(i.name());
        assertTrue(
            listed.stream().anyMatch(e -> e.name().toString().equals(name)),
            "index name " + name + " is an entry");
        // the kernel reads the header at (listing offset + index) % 8192 of block start_block
        long absolute = big.offset() + i.index();
        assertTrue(i.startBlock() <= big.start() + absolute, "block at or before the header");
      }
    }
  }

  /**
   * xz without a level chooses per block (stored, fast or normal mode, {@link XzBlockProbe}): the
   * files hold blocks of each kind.
   */
  @ParameterizedTest
  @EnumSource(
      value = SquashfsCompressor.class,
      names = {"ZSTD", "XZ"})
  void testWrite_sameBytesWhateverTheThreadsAndTheirTiming(SquashfsCompressor compressor)
      throws IOException {
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> entries = new ArrayList<>();
    XzBlockProbe probe = new XzBlockProbe();
    int[] codings = new int[XzBlockProbe.Coding.values().length];
    for (int i = 0; i < 30; i++) {
      int size = 1000 + i * 1511;
      byte[] content =
          switch (i % 5) {
            case 0 -> random(1000 + i * 997, i);
            case 1 -> text(size, i); // few words: fast mode, repeats cover nearly all of it
            case 2 -> repeatedLines(size, i);
            default -> XzBlockProbeTest.text(new Random(i), size, 2000); // prose: normal mode
          };
      for (int at = 0; at + 4096 <= content.length; at += 4096) {
        codings[probe.choose(content, at, 4096).ordinal()]++;
      }
      entries.add(entry("f" + i, t.file(content)));
    }
    for (XzBlockProbe.Coding c : XzBlockProbe.Coding.values()) {
      assertTrue(codings[c.ordinal()] > 0, "no data block the probe codes " + c);
    }
    FileTree tree = FileTree.of(dir(entries.toArray(new DirEntry[0])));
    SquashfsOptions o =
        SquashfsOptions.defaults()
            .withBlockSize(4096)
            .withCompression(SquashfsCompression.of(compressor));
    byte[] reference = Files.readAllBytes(write(tree, o, 1, UnaryOperator.identity()));
    long seed = new Random().nextLong();
    for (int threads : new int[] {2, 3, 8}) {
      Random random = new Random(seed + threads);
      UnaryOperator<BlockEncoder> jitter =
          c ->
              (src, off, len, dst) -> {
                int delay;
                synchronized (random) {
                  delay = random.nextInt(3);
                }
                try {
                  Thread.sleep(delay);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return c.compress(src, off, len, dst);
              };
      byte[] again = Files.readAllBytes(write(tree, o, threads, jitter));
      assertArrayEquals(reference, again, threads + " threads, jitter seed " + (seed + threads));
    }
  }

  /** Lines of a few words each, taken from 8 lines in a seeded order. */
  private static byte[] repeatedLines(int size, long seed) {
    Random rnd = new Random(seed);
    byte[] source = text(8 * 64, seed);
    byte[] b = new byte[size];
    for (int at = 0; at < size; at += 64) {
      System.arraycopy(source, 64 * rnd.nextInt(8), b, at, Math.min(64, size - at));
    }
    return b;
  }

  @Test
  void testWrite_reproducibleFromShuffledInput() throws IOException {
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(entry("n" + i, t.file(text(100 * i, i))));
    }
    long seed = new Random().nextLong();
    List<DirEntry> shuffled = new ArrayList<>(entries);
    java.util.Collections.shuffle(shuffled, new Random(seed));
    byte[] a =
        Files.readAllBytes(
            write(FileTree.of(dir(entries.toArray(new DirEntry[0]))), SquashfsOptions.defaults()));
    byte[] b =
        Files.readAllBytes(
            write(FileTree.of(dir(shuffled.toArray(new DirEntry[0]))), SquashfsOptions.defaults()));
    assertArrayEquals(a, b, "shuffle seed " + seed);
  }

  @Test
  void testPlan_creationTimeIsTheNewestMtimeOrTheEpoch() throws IOException {
    TestTrees t = new TestTrees(tmp);
    Instant newest = T.plusSeconds(100);
    FileTree tree =
        FileTree.of(
            dir(
                entry("old", t.file(new byte[1])),
                entry("new", t.file(new byte[1], Metadata.of(0644, 0, 0, newest)))));
    assertEquals(newest, SquashfsWriter.plan(tree, SquashfsOptions.defaults()).mkfsTime());
    Path image = write(tree, SquashfsOptions.defaults().withSourceDateEpoch(T.plusSeconds(10)));
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
      assertEquals(T.getEpochSecond() + 10, r.superblock().mkfsTime());
      assertEquals(T.getEpochSecond() + 10, r.lookup("/new").orElseThrow().mtime(), "clamped");
      assertEquals(T.getEpochSecond(), r.lookup("/old").orElseThrow().mtime());
    }
  }

  @Test
  void testPlan_mtimeOutsideSquashfsRangeIsRefused() {
    TestTrees t = new TestTrees(tmp);
    FileTree tree =
        FileTree.of(
            dir(
                entry(
                    "ancient",
                    t.file(
                        new byte[1],
                        Metadata.of(0644, 0, 0, Instant.parse("1969-12-31T23:59:59Z"))))));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SquashfsWriter.plan(tree, SquashfsOptions.defaults().withSourceDateEpoch(T)));
    assertTrue(
        e.getMessage().startsWith("/ancient: mtime 1969-12-31T23:59:59Z cannot be stored"),
        e.getMessage());
  }

  @Test
  void testPlan_unsupportedXattrsAreDroppedWithAWarning() throws IOException {
    TestTrees t = new TestTrees(tmp);
    Metadata acl =
        new Metadata(
            0644,
            0,
            0,
            T,
            List.of(
                new Xattr("system.posix_acl_access", new byte[] {2, 0, 0, 0}),
                new Xattr("user.ok", new byte[] {1})));
    Metadata linkXattr =
        new Metadata(0777, 0, 0, T, List.of(new Xattr("user.onlink", new byte[] {1})));
    FileTree tree =
        FileTree.of(
            dir(
                entry("f", t.file(new byte[1], acl)),
                entry("l", new dev.mkddi.tree.Symlink(99, linkXattr, "f".getBytes()))));
    List<String> warnings = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void warn(String message) {
            warnings.add(message);
          }
        };
    SquashfsImage planned = SquashfsWriter.plan(tree, SquashfsOptions.defaults(), listener);
    assertEquals(
        List.of(
            "/f: extended attribute system.posix_acl_access cannot be stored in squashfs (only"
                + " user.*, trusted.*, security.*); dropped",
            "/l: extended attribute user.onlink: Linux allows user.* attributes only on files and"
                + " directories; dropped"),
        warnings);
    Path image = tmp.resolve("x.img");
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE);
    }
    ImageCheck.check(tree, image);
  }

  @Test
  void testWrite_xattrValuesLongOrRepeatedAreStoredOnce() throws IOException {
    TestTrees t = new TestTrees(tmp);
    byte[] label = "system_u:object_r:usr_t:s0".getBytes();
    byte[] longValue = random(5000, 4);
    List<DirEntry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Metadata m =
          new Metadata(
              0644,
              0,
              0,
              T,
              List.of(
                  new Xattr("security.selinux", label),
                  new Xattr("user.n", ("v" + i).getBytes()),
                  new Xattr("user.blob", longValue)));
      entries.add(entry("f" + i, t.file(new byte[] {(byte) i}, m)));
    }
    FileTree tree = FileTree.of(dir(entries.toArray(new DirEntry[0])));
    Path image =
        write(
            tree,
            SquashfsOptions.defaults()
                .withCompression(SquashfsCompression.of(SquashfsCompressor.ZSTD)));
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
      Superblock sb = r.superblock();
      // 50 distinct sets, but the 5000-byte value and the label are each stored once: the xattr
      // table stays far below 50 copies of the blob
      assertTrue(sb.bytesUsed() < 5000 * 3, "bytes used " + sb.bytesUsed());
    }
  }

  @Test
  void testWrite_xzLevel6IsPreset6AndNoLevelTheFasterMatchFinder() throws IOException {
    LZMA2Options preset6 = XzCodec.lzma2Options(6, true);
    assertEquals(LZMA2Options.MF_BT4, preset6.getMatchFinder());
    assertEquals(64, preset6.getNiceLen());
    LZMA2Options fallback = XzCodec.lzma2Options(6, false);
    assertEquals(LZMA2Options.MF_HC4, fallback.getMatchFinder());
    assertEquals(XzCodec.DEFAULT_NICE_LENGTH, fallback.getNiceLen());
    assertEquals(XzCodec.DEFAULT_DEPTH, fallback.getDepthLimit());
    TestTrees t = new TestTrees(tmp);
    FileTree tree = FileTree.of(dir(entry("f", t.file(text(400_000, 7)))));
    SquashfsCompression xz = SquashfsCompression.of(SquashfsCompressor.XZ);
    Path byDefault = write(tree, SquashfsOptions.defaults().withCompression(xz));
    Path level6 = write(tree, SquashfsOptions.defaults().withCompression(xz.withLevel(6)));
    ImageCheck.check(tree, byDefault);
    ImageCheck.check(tree, level6);
    assertFalse(
        Arrays.equals(Files.readAllBytes(byDefault), Files.readAllBytes(level6)),
        "the default and --level 6 compress alike");
  }

  @Test
  void testWrite_compressorOptionsAsMksquashfsStoresThem() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree = FileTree.of(dir(entry("f", t.file(text(10_000, 1)))));
    record Case(SquashfsCompression c, String hex) {}
    List<Case> cases =
        List.of(
            new Case(
                SquashfsCompression.of(SquashfsCompressor.GZIP).withLevel(6), "060000000f000000"),
            new Case(SquashfsCompression.of(SquashfsCompressor.ZSTD).withLevel(3), "03000000"),
            new Case(
                SquashfsCompression.of(SquashfsCompressor.XZ)
                    .withFilters(List.of(XzFilter.ARM64, XzFilter.X86)),
                "0000020041000000"),
            new Case(
                SquashfsCompression.of(SquashfsCompressor.XZ).withDictionarySize(65536),
                "0000010000000000"));
    for (Case c : cases) {
      Path image = write(tree, SquashfsOptions.defaults().withCompression(c.c()));
      ImageCheck.check(tree, image);
      try (FileChannel ch = FileChannel.open(image);
          SquashfsReader r = SquashfsReader.open(ch, 0, "image")) {
        assertTrue(r.superblock().has(SquashfsConstants.FLAG_COMP_OPT), c.toString());
        assertEquals(
            c.hex(), java.util.HexFormat.of().formatHex(r.compressorOptions()), c.toString());
      }
    }
  }

  @Test
  void testWrite_insideALargerFileAtAnOffset() throws IOException {
    FileTree tree = everyType(new TestTrees(tmp));
    SquashfsImage planned = SquashfsWriter.plan(tree, SquashfsOptions.defaults());
    Path disk = tmp.resolve("disk");
    long offset = 1 << 20;
    byte[] fill = new byte[(int) (offset * 2 + planned.maxSizeBytes())];
    Arrays.fill(fill, (byte) 0xaa);
    Files.write(disk, fill);
    SquashfsResult result;
    try (FileChannel ch =
        FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      result = planned.write(ch, offset, ProgressListener.NONE);
      try (SquashfsReader r = SquashfsReader.open(ch, offset, "disk")) {
        ImageCheck.check(tree, r);
      }
    }
    byte[] after = Files.readAllBytes(disk);
    for (long i : new long[] {0, offset - 1, offset + result.sizeBytes(), after.length - 1}) {
      assertEquals((byte) 0xaa, after[(int) i], "byte " + i + " untouched");
    }
    ByteBuffer pad =
        ByteBuffer.wrap(
            after,
            (int) (offset + result.bytesUsed()),
            (int) (result.sizeBytes() - result.bytesUsed()));
    while (pad.hasRemaining()) {
      assertEquals(0, pad.get(), "padding is zeros");
    }
  }

  @Test
  void testMaxSize_boundsIncompressibleData() throws IOException {
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> entries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      entries.add(entry("r" + i, t.file(random(i * 3001, i))));
    }
    FileTree tree = FileTree.of(dir(entries.toArray(new DirEntry[0])));
    write(tree, SquashfsOptions.defaults().withBlockSize(4096).withTailEnds(true));
  }
}
