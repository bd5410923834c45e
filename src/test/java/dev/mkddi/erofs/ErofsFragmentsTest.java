package dev.mkddi.erofs;

import static dev.mkddi.tree.TestTrees.bytes;
import static dev.mkddi.tree.TestTrees.dir;
import static dev.mkddi.tree.TestTrees.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.erofs.ErofsCompression.Fragments;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TestTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code -Efragments} and {@code -Eall-fragments}: the packed inode and what refers to it. */
class ErofsFragmentsTest {
  @TempDir Path tmp;

  private Path write(FileTree tree, ErofsCompression c, String name, int threads)
      throws IOException {
    Path image = tmp.resolve(name);
    Path spool = Files.createDirectories(tmp.resolve("spool-" + name));
    try (ErofsImage planned =
            ErofsWriter.plan(
                tree,
                ErofsOptions.defaults().withCompression(c),
                spool,
                ProgressListener.NONE,
                threads);
        FileChannel ch =
            FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE, threads);
    }
    try (Stream<Path> left = Files.list(spool)) {
      assertEquals(List.of(), left.toList(), "scratch files left");
    }
    return image;
  }

  @ParameterizedTest
  @CsvSource({
    "lz4, 4096, TAILS, false",
    "lz4hc, 4096, TAILS, true",
    "lz4hc, 65536, TAILS, false",
    "lz4, 4096, ALL, false",
    "'lzma,1', 16384, TAILS, true",
    "deflate, 4096, TAILS, false",
    "zstd, 32768, TAILS, false",
    "zstd, 4096, ALL, true",
  })
  void testWrite_fragmentsReadBack(String alg, int pcluster, Fragments mode, boolean tail)
      throws IOException {
    FileTree tree = ErofsCompressedTest.tree(new TestTrees(tmp), pcluster, !alg.startsWith("lzma"));
    ErofsCompression c =
        ErofsCompression.parse(alg)
            .withPclusterSize(pcluster)
            .withZtailpacking(tail)
            .withFragments(mode);
    Path image = write(tree, c, "image", 2);
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "image");
      Superblock sb = r.superblock();
      assertTrue((sb.featureIncompat() & ErofsConstants.EROFS_FEATURE_INCOMPAT_FRAGMENTS) != 0);
      ErofsReader.Inode packed = r.inode(sb.packedNid());
      assertEquals(ErofsConstants.S_IFREG | 0600, packed.mode());
      assertEquals(0, packed.nlink());
      // small files are whole fragments; with tails only, a big file keeps its clusters
      assertEquals(
          ErofsConstants.EROFS_INODE_COMPRESSED_FULL, r.lookup("/data/text-4095").layout());
      assertEquals(
          ErofsConstants.EROFS_INODE_COMPRESSED_FULL, r.lookup("/data/random-100").layout());
      assertEquals(
          mode == Fragments.ALL
              ? ErofsConstants.EROFS_INODE_COMPRESSED_FULL
              : ErofsConstants.EROFS_INODE_COMPRESSED_COMPACT,
          r.lookup("/data/mixed").layout());
      // reads across the boundary between the clusters and the fragment
      ErofsReader.Inode mixed = r.lookup("/data/mixed");
      byte[] whole = r.read(mixed, 0, (int) mixed.size());
      for (int from : new int[] {0, 4095, (int) mixed.size() - 9000, (int) mixed.size() - 1}) {
        int n = (int) Math.min(8000, mixed.size() - from);
        assertArrayEquals(Arrays.copyOfRange(whole, from, from + n), r.read(mixed, from, n));
      }
    }
  }

  @Test
  void testWrite_identicalFragmentsStoredOnce() throws IOException {
    TestTrees t = new TestTrees(tmp);
    byte[] same = bytes(3000, 1);
    FileTree tree =
        FileTree.of(
            dir(
                entry("a", t.file(same)),
                entry("b", t.file(same)),
                entry("c", t.file(bytes(3000, 2))),
                entry("d", t.file(same))));
    Path image = write(tree, ErofsCompression.parse("lz4").withFragments(Fragments.TAILS), "i", 2);
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "i");
      assertEquals(6000, r.inode(r.superblock().packedNid()).size());
    }
  }

  @Test
  void testWrite_identicalFilesShareTheirBlocks() throws IOException {
    TestTrees t = new TestTrees(tmp);
    byte[] big = ErofsCompressedTest.text(CompressionPass.SEGMENT + 300_000, 5);
    FileTree one = FileTree.of(dir(entry("a", t.file(big))));
    FileTree three =
        FileTree.of(
            dir(
                entry("a", t.file(big)),
                entry("b", dir(entry("c", t.file(big)))),
                entry("d", t.file(big))));
    ErofsCompression c = ErofsCompression.parse("lz4hc").withFragments(Fragments.TAILS);
    Path image1 = write(one, c, "one", 2);
    Path image3 = write(three, c, "three", 2);
    ImageCheck.check(three, image3);
    assertTrue(
        Files.size(image3) < Files.size(image1) + 4 * 4096,
        Files.size(image3) + " bytes for three copies, " + Files.size(image1) + " for one");
    try (FileChannel ch = FileChannel.open(image3)) {
      ErofsReader r = ErofsReader.open(ch, 0, "three");
      assertEquals(r.lookup("/a").u(), r.lookup("/b/c").u());
      assertTrue(
          (r.superblock().featureIncompat() & ErofsConstants.EROFS_FEATURE_INCOMPAT_FRAGMENTS)
              != 0);
    }
  }

  @Test
  void testWrite_sameBytesWhateverTheThreadCount() throws IOException {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    TestTrees t = new TestTrees(tmp);
    List<DirEntry> files = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int size = rnd.nextInt(4) == 0 ? rnd.nextInt(200_000) : rnd.nextInt(9000);
      byte[] b =
          rnd.nextBoolean()
              ? ErofsCompressedTest.text(size, rnd.nextLong())
              : bytes(size, rnd.nextInt());
      files.add(entry(String.format("f%03d", i), t.file(b)));
      if (i % 50 == 0) {
        files.add(entry(String.format("f%03d-copy", i), t.file(b)));
      }
    }
    FileTree tree = FileTree.of(dir(files.toArray(DirEntry[]::new)));
    ErofsCompression c =
        ErofsCompression.parse("lz4hc").withPclusterSize(16384).withFragments(Fragments.TAILS);
    Path one = write(tree, c, "one", 1);
    Path four = write(tree, c, "four", 4);
    assertEquals(-1, Files.mismatch(one, four), "seed " + seed);
    ImageCheck.check(tree, one);
  }

  @Test
  void testWrite_withoutCompressibleFilesNoPackedInode() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree = FileTree.of(dir(entry("empty", t.file(new byte[0])), entry("d", dir())));
    Path image = write(tree, ErofsCompression.parse("lz4").withFragments(Fragments.ALL), "i", 2);
    try (FileChannel ch = FileChannel.open(image)) {
      Superblock sb = ErofsReader.open(ch, 0, "i").superblock();
      assertEquals(0, sb.packedNid());
      assertEquals(0, sb.featureIncompat());
    }
    Path some =
        write(
            FileTree.of(dir(entry("x", t.file(bytes(10, 3))))),
            ErofsCompression.parse("lz4").withFragments(Fragments.ALL),
            "j",
            2);
    try (FileChannel ch = FileChannel.open(some)) {
      assertNotEquals(0, ErofsReader.open(ch, 0, "j").superblock().packedNid());
    }
  }

  @Test
  void testRead_mkfsErofsFragments() throws Exception {
    Path fixture = Path.of(ErofsFragmentsTest.class.getResource("mkfs-fragments.erofs").toURI());
    try (FileChannel ch = FileChannel.open(fixture)) {
      ErofsReader r = ErofsReader.open(ch, 0, "mkfs-fragments.erofs");
      assertNotEquals(0, r.superblock().packedNid());
      ErofsReader.Inode a = r.lookup("/a.txt");
      assertEquals(ErofsConstants.EROFS_INODE_COMPRESSED_FULL, a.layout());
      assertEquals("hello\n", new String(r.read(a, 0, 6), java.nio.charset.StandardCharsets.UTF_8));
      ErofsReader.Inode t = r.lookup("/t");
      assertEquals(ErofsConstants.EROFS_INODE_COMPRESSED_COMPACT, t.layout());
      byte[] text = r.read(t, 0, (int) t.size());
      assertEquals(
          "6cee2b402c341c5362d49bcb1a71deb8d40a880bbca6073a21876a80639a60d8",
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text)));
    }
  }
}
