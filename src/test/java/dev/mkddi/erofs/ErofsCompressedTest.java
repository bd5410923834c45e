package dev.mkddi.erofs;

import static dev.mkddi.tree.TestTrees.T;
import static dev.mkddi.tree.TestTrees.bytes;
import static dev.mkddi.tree.TestTrees.dir;
import static dev.mkddi.tree.TestTrees.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.TestTrees;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compressed images: every algorithm and cluster layout reads back as the tree it came from. */
class ErofsCompressedTest {
  @TempDir Path tmp;

  private Path write(FileTree tree, ErofsOptions options, String name, int threads)
      throws IOException {
    Path image = tmp.resolve(name);
    try (ErofsImage planned = ErofsWriter.plan(tree, options, tmp, ProgressListener.NONE, threads);
        FileChannel ch =
            FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE, threads);
      assertEquals(planned.sizeBytes(), Files.size(image));
    }
    return image;
  }

  /** Text of a given size: compresses about 3:1. */
  static byte[] text(int size, long seed) {
    Random rnd = new Random(seed);
    String[] words = {"usr", "lib", "erofs", "cluster", "kernel", "verity", "image", "the", "of"};
    StringBuilder sb = new StringBuilder();
    while (sb.length() < size) {
      sb.append(words[rnd.nextInt(words.length)]).append(rnd.nextInt(12) == 0 ? '\n' : ' ');
      if (rnd.nextInt(40) == 0) {
        sb.append(rnd.nextLong());
      }
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** Files around every boundary of the cluster layout, compressible and not. */
  static FileTree tree(TestTrees t, int pcluster, boolean big) {
    List<DirEntry> files = new ArrayList<>();
    java.util.SortedSet<Integer> sizes =
        new java.util.TreeSet<>(
            List.of(
                0,
                1,
                100,
                4095,
                4096,
                4097,
                8191,
                8192,
                8193,
                pcluster - 1,
                pcluster,
                pcluster + 1,
                3 * pcluster + 77,
                100_000,
                big ? 300_001 : 100_001));
    for (int size : sizes) {
      files.add(entry("text-" + size, t.file(text(size, size))));
      files.add(entry("random-" + size, t.file(bytes(size, size))));
    }
    if (big) {
      // more than a segment of zeros
      files.add(entry("zeros", t.file(new byte[CompressionPass.SEGMENT + 12345])));
    }
    // text around incompressible data
    byte[] mixed = text(big ? 2 << 20 : 200_000, 9);
    System.arraycopy(bytes(70_000, 3), 0, mixed, 100_000, 70_000);
    files.add(entry("mixed", t.file(mixed)));
    Metadata xattrs =
        new Metadata(0640, 7, 8, T, List.of(new Xattr("user.note", "x".repeat(1500).getBytes())));
    files.add(entry("with-xattrs", t.file(text(20_000, 4), xattrs)));
    return FileTree.of(dir(entry("data", dir(files.toArray(DirEntry[]::new))), entry("e", dir())));
  }

  @ParameterizedTest
  @CsvSource({
    "lz4, 4096, false",
    "lz4hc, 4096, false",
    "lz4hc, 65536, false",
    "lz4, 4096, true",
    "lz4hc, 16384, true",
    "'lzma,1', 4096, false",
    "'lzma,1', 32768, true",
    "deflate, 4096, false",
    "deflate, 8192, true",
    "zstd, 4096, false",
    "zstd, 65536, true",
  })
  void testWrite_compressedTreeReadsBack(String alg, int pcluster, boolean tail)
      throws IOException {
    // LZMA is slow: a smaller tree
    FileTree tree = tree(new TestTrees(tmp), pcluster, !alg.startsWith("lzma"));
    ErofsCompression c =
        ErofsCompression.parse(alg).withPclusterSize(pcluster).withZtailpacking(tail);
    Path image = write(tree, ErofsOptions.defaults().withCompression(c), "image", 2);
    ImageCheck.check(tree, image);
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "image");
      Superblock sb = r.superblock();
      int incompat = sb.featureIncompat();
      assertTrue((incompat & ErofsConstants.EROFS_FEATURE_INCOMPAT_ZERO_PADDING) != 0);
      assertEquals(c.needsConfigs(), sb.hasConfigs(), "compression configurations");
      assertEquals(
          tail, (incompat & ErofsConstants.EROFS_FEATURE_INCOMPAT_ZTAILPACKING) != 0, "tail");
      // compressible files are compressed, incompressible ones are not
      assertEquals(
          ErofsConstants.EROFS_INODE_COMPRESSED_COMPACT, r.lookup("/data/text-100000").layout());
      assertEquals(
          ErofsConstants.EROFS_INODE_FLAT_INLINE, r.lookup("/data/random-100000").layout());
      // a small file is compressed only when its tail can be inline
      assertEquals(
          tail,
          r.lookup("/data/text-4095").layout() == ErofsConstants.EROFS_INODE_COMPRESSED_COMPACT,
          "text-4095 compressed");
    }
    // reading a compressed file in pieces gives the same bytes
    try (FileChannel ch = FileChannel.open(image)) {
      ErofsReader r = ErofsReader.open(ch, 0, "image");
      ErofsReader.Inode mixed = r.lookup("/data/mixed");
      byte[] whole = r.read(mixed, 0, (int) mixed.size());
      byte[] piece = r.read(mixed, 99_000, 5000);
      assertArrayEquals(java.util.Arrays.copyOfRange(whole, 99_000, 104_000), piece);
    }
  }

  @Test
  void testWrite_sameBytesWhateverTheThreadCount() throws IOException {
    FileTree tree = tree(new TestTrees(tmp), 16384, true);
    ErofsOptions o =
        ErofsOptions.defaults()
            .withCompression(
                ErofsCompression.parse("lz4hc,9").withPclusterSize(16384).withZtailpacking(true));
    Path one = write(tree, o, "one", 1);
    Path four = write(tree, o, "four", 4);
    assertEquals(-1, Files.mismatch(one, four));
  }

  @Test
  void testWrite_incompressibleTreeHasNoCompressionFeatures() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree = FileTree.of(dir(entry("r", t.file(bytes(50_000, 1)))));
    Path image =
        write(
            tree,
            ErofsOptions.defaults().withCompression(ErofsCompression.parse("zstd")),
            "image",
            2);
    try (FileChannel ch = FileChannel.open(image)) {
      Superblock sb = ErofsReader.open(ch, 0, "image").superblock();
      assertEquals(0, sb.featureIncompat());
      assertEquals(0, sb.u1());
    }
    ImageCheck.check(tree, image);
  }
}
