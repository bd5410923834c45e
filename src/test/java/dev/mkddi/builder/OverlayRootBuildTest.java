package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.description.Filesystem;
import dev.mkddi.ext4.Ext4Reader;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.squashfs.SquashfsReader;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.RegularFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kiwi's overlay root is built: the read-only root in the file system {@code
 * overlayroot_readonly_filesystem} names, and after everything else kiwi's write partition {@code
 * p.lxroot}, an empty writable ext4 with a journal and the root label; the command line carries
 * what kiwi's dracut module reads.
 */
class OverlayRootBuildTest {
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  private final TestImages images = new TestImages();

  @Test
  void testBuild_squashfsRootAndExt4WritePartition_reproducible() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            "filesystem=\"ext4\" overlayroot=\"true\" rootfs_label=\"OVERLAY\"",
            "<size unit=\"M\">64</size>");
    Optional<Instant> epoch = Optional.of(Instant.ofEpochSecond(1_700_000_000));
    BuildResult r = images.build(desc, dir.resolve("a"), epoch, false);
    BuildResult again = images.build(desc, dir.resolve("b"), epoch, false);
    assertArrayEquals(Files.readAllBytes(r.image()), Files.readAllBytes(again.image()));

    List<Manifest.Partition> parts = r.manifest().partitions();
    Manifest.Partition root = parts.get(0);
    Manifest.Partition write = parts.get(parts.size() - 1);
    assertEquals("overlay-write", write.role());
    assertEquals("p.lxroot", write.label());
    assertEquals("linux-generic", write.type());
    long diskEnd = Files.size(r.image()) - 33 * 512;
    assertTrue(write.offset() + write.size() <= diskEnd, write.toString());
    assertTrue(diskEnd - (write.offset() + write.size()) < 4096, "the rest of the disk");
    try (FileChannel ch = FileChannel.open(r.image(), StandardOpenOption.READ)) {
      SquashfsReader ro = SquashfsReader.open(ch, root.offset(), "root");
      assertTrue(ro.lookup("/etc/hostname").isPresent(), "the read-only root holds the tree");
      Ext4Reader rw = Ext4Reader.open(ch, write.offset(), "p.lxroot");
      assertEquals(write.size(), rw.sizeBytes());
      assertTrue((rw.features()[0] & 0x4) != 0, "has_journal");
    }
    String cmdline = r.manifest().cmdline();
    assertTrue(
        cmdline.contains(
            " root=overlay:MAPPER=root rd.root.overlay.write=/dev/disk/by-partuuid/"
                + write.uuid()),
        cmdline);
  }

  @Test
  void testKiwiSize_oneAndAHalfTimesTheTreeLessTheReadOnlyPartition() throws Exception {
    Path data = Files.write(dir.resolve("data"), new byte[(int) (40 * MIB)]);
    Metadata m = Metadata.of(0644, 0, 0, Instant.EPOCH);
    List<DirEntry> files = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      files.add(
          new DirEntry(
              Name.of("f" + i), new RegularFile(i + 2, m, new FileContent(data, 0, 40 * MIB))));
    }
    FileTree tree = FileTree.of(new Directory(Metadata.of(0755, 0, 0, Instant.EPOCH), files));
    // 400 MiB of data: kiwi's disk estimate is 600 MiB (xfs), of which the 100 MiB read-only
    // partition takes its share
    assertEquals(500 * MIB, OverlayWritePartition.kiwiSize(tree, Filesystem.XFS, 100 * MIB));
    // ext4 adds two 256-byte inodes per entry: 10 entries add nothing in whole MiB
    assertEquals(500 * MIB, OverlayWritePartition.kiwiSize(tree, Filesystem.EXT4, 100 * MIB));
    // a read-only partition larger than the estimate leaves the file system's minimum
    assertEquals(300 * MIB, OverlayWritePartition.kiwiSize(tree, Filesystem.XFS, 590 * MIB));
    assertEquals(128 * MIB, OverlayWritePartition.kiwiSize(tree, Filesystem.BTRFS, 590 * MIB));
  }
}
