package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.erofs.ErofsReader;
import dev.mkddi.ext4.Ext4Reader;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The root file system the description names lands in the root partition, read back by that
 * format's reader; builds are byte-identical, and no spool file outlives the build.
 */
class RootImagesTest {
  @TempDir Path dir;

  private final TestImages images = new TestImages();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "filesystem=\"erofs\" erofscompression=\"lz4hc\"",
        "filesystem=\"squashfs\"",
        "filesystem=\"squashfs\" squashfscompression=\"lz4\"",
        "filesystem=\"ext4\""
      })
  void testBuild_rootPartitionHoldsTheTreeReproducibly(String attributes) throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), attributes);
    BuildResult a = images.build(desc, dir.resolve("a"));
    BuildResult b = images.build(desc, dir.resolve("b"));
    assertArrayEquals(Files.readAllBytes(a.image()), Files.readAllBytes(b.image()));
    try (Stream<Path> left = Files.list(dir.resolve("a"))) {
      assertTrue(left.noneMatch(p -> Files.isDirectory(p)), "a work directory is left");
    }
    Manifest.Partition root = root(a);
    String type = attributes.replaceAll(".*filesystem=\"([a-z0-9]+)\".*", "$1");
    assertEquals(type, a.manifest().filesystem().type());
    try (FileChannel ch = FileChannel.open(a.image(), StandardOpenOption.READ)) {
      String hostname =
          switch (type) {
            case "erofs" -> {
              ErofsReader r = ErofsReader.open(ch, root.offset(), "root");
              ErofsReader.Inode i = r.lookup("/etc/hostname");
              yield new String(r.read(i, 0, 5), StandardCharsets.UTF_8);
            }
            case "squashfs" -> {
              assertNull(a.manifest().filesystem().uuid());
              try (SquashfsReader r = SquashfsReader.open(ch, root.offset(), "root")) {
                yield new String(
                    r.read(r.lookup("/etc/hostname").orElseThrow()), StandardCharsets.UTF_8);
              }
            }
            default -> {
              Ext4Reader r = Ext4Reader.open(ch, root.offset(), "root");
              long etc = r.lookup(2, "etc".getBytes(StandardCharsets.UTF_8)).getAsLong();
              long h = r.lookup(etc, "hostname".getBytes(StandardCharsets.UTF_8)).getAsLong();
              yield new String(r.read(h, 0, 5), StandardCharsets.UTF_8);
            }
          };
      assertEquals("test\n", hostname);
    }
    assertTrue(
        a.manifest().filesystem().size() <= root.size(),
        a.manifest().filesystem().size() + " > " + root.size());
  }

  @Test
  void testBuild_fscreateoptionsShapeAnErofsRoot() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            "filesystem=\"erofs\" erofscompression=\"lz4hc\" fscreateoptions=\"-Efragments"
                + " -C 16384\"");
    BuildResult a = images.build(desc, dir.resolve("a"));
    try (FileChannel ch = FileChannel.open(a.image(), StandardOpenOption.READ)) {
      ErofsReader r = ErofsReader.open(ch, root(a).offset(), "root");
      assertTrue(r.superblock().packedNid() != 0, "no packed inode of fragments");
      ErofsReader.Inode i = r.lookup("/etc/hostname");
      assertEquals("test\n", new String(r.read(i, 0, 5), StandardCharsets.UTF_8));
    }
  }

  @Test
  void testBuild_fscreateoptionsShapeASquashfsRoot() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            "filesystem=\"squashfs\" fscreateoptions=\"-noappend -comp zstd -b 64K -no-exports\"");
    BuildResult a = images.build(desc, dir.resolve("a"));
    try (FileChannel ch = FileChannel.open(a.image(), StandardOpenOption.READ);
        SquashfsReader r = SquashfsReader.open(ch, root(a).offset(), "root")) {
      assertEquals(64 << 10, r.superblock().blockSize());
      assertEquals(SquashfsCompressor.ZSTD.id(), r.superblock().compression());
      assertEquals(-1, r.superblock().lookupTable(), "an export table");
      assertEquals(
          "test\n",
          new String(r.read(r.lookup("/etc/hostname").orElseThrow()), StandardCharsets.UTF_8));
    }
  }

  private static Manifest.Partition root(BuildResult r) {
    return r.manifest().partitions().stream()
        .filter(p -> p.role().equals("root"))
        .findFirst()
        .orElseThrow();
  }
}
