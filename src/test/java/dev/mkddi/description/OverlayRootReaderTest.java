package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.io.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kiwi's overlay root attributes: the read-only root, the write partition and the layout. */
class OverlayRootReaderTest {
  @TempDir Path dir;

  /** A directory with stand-in mkfs.xfs and mkfs.btrfs, as a PATH holds them. */
  private HostTools tools() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String name : List.of("mkfs.xfs", "mkfs.btrfs")) {
      Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return HostTools.fromPath("/nonexistent::" + bin);
  }

  private ImageDescription load(String attributes, HostTools tools) throws Exception {
    Path d = TestImages.description(dir.resolve("d"), attributes);
    return DescriptionLoader.load(
        d, LoadOptions.forArch("x86_64").withTools(tools), ProgressListener.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // kiwi's default read-only root is squashfs (with kiwi's xz and the x86 BCJ filter)
        "filesystem=\"ext4\" overlayroot=\"true\"|squashfs|xz -Xbcj x86|ext4|",
        "filesystem=\"xfs\" overlayroot=\"true\" overlayroot_readonly_filesystem=\"erofs\""
            + " erofscompression=\"zstd,level=9\"|erofs|zstd,9|xfs|mkfs.xfs",
        "filesystem=\"btrfs\" overlayroot=\"true\" overlayroot_readonly_filesystem=\"squashfs\""
            + " squashfscompression=\"zstd\"|squashfs|zstd|btrfs|mkfs.btrfs",
        "filesystem=\"xfs\" overlayroot=\"true\" overlayroot_write_partition=\"false\"|squashfs|xz"
            + " -Xbcj x86||",
      })
  void testRead_readOnlyRootAndWritePartition(
      String attributes, String root, String compression, String write, String mkfs)
      throws Exception {
    ImageDescription d = load(attributes, tools());
    assertEquals(List.of(), d.problems());
    assertEquals(root, d.disk().root().type().kiwiName());
    assertEquals(compression, d.disk().root().compressionText());
    OverlayRootSpec o = d.disk().overlay().orElseThrow();
    assertEquals(Optional.ofNullable(write), o.write().map(Filesystem::kiwiName));
    assertEquals(
        Optional.ofNullable(mkfs), o.mkfs().map(p -> p.getFileName().toString()), o.toString());
    assertEquals("", d.disk().rootLabel(), "kiwi leaves the read-only root unlabelled");
  }

  @Test
  void testLayout_writePartitionLastAfterFixedReadOnlyRoot() throws Exception {
    ImageDescription d =
        load(
            "filesystem=\"xfs\" overlayroot=\"true\" overlayroot_readonly_filesystem=\"erofs\""
                + " overlayroot_readonly_partsize=\"1500\"",
            tools());
    List<DiskLayout.Entry> parts = d.layout().partitions();
    assertEquals(3, parts.size(), parts.toString());
    assertEquals(DiskLayout.SizeRule.FIXED, parts.get(0).rule());
    assertEquals(1500L << 20, parts.get(0).bytes());
    assertEquals(PartitionRole.ROOT_VERITY, parts.get(1).role());
    DiskLayout.Entry write = parts.get(2);
    assertEquals(PartitionRole.OVERLAY_WRITE, write.role());
    assertEquals("p.lxroot", write.label());
    assertEquals("linux-generic", write.type().name());
    assertEquals(DiskLayout.SizeRule.REST_OF_DISK, write.rule());
    assertEquals(300L << 20, write.bytes(), "mkfs.xfs refuses less than 300 MiB");
    assertEquals(OptionalLong.of(1500L << 20), d.disk().rootPartitionSize());
  }

  @Test
  void testLayout_noWritePartition() throws Exception {
    ImageDescription d =
        load("overlayroot=\"true\" overlayroot_write_partition=\"false\"", HostTools.NONE);
    assertTrue(d.layout().find(PartitionRole.OVERLAY_WRITE).isEmpty());
    assertEquals(List.of(), d.problems());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "filesystem=\"xfs\" overlayroot=\"true\"|<type filesystem=\"xfs\">: the xfs write partition"
            + " is made by mkfs.xfs, which is not on the PATH (install xfsprogs, or use"
            + " filesystem=\"ext4\", which mkddi writes itself)",
        "filesystem=\"btrfs\" overlayroot=\"true\"|<type filesystem=\"btrfs\">: the btrfs write"
            + " partition is made by mkfs.btrfs, which is not on the PATH (install btrfs-progs",
        "filesystem=\"ext3\" overlayroot=\"true\"|<type filesystem=\"ext3\">: mkddi does not build"
            + " ext3 file systems for the overlay write partition; it builds ext4, xfs, btrfs",
        "filesystem=\"ext4\" overlayroot=\"true\" overlayroot_readonly_filesystem=\"ext4\"|<type"
            + " overlayroot_readonly_filesystem=\"ext4\">: mkddi does not build ext4 file systems"
            + " for the root (read-only, under dm-verity); it builds squashfs, erofs",
        "filesystem=\"ext4\" overlayroot=\"true\" update_slots=\"2\" update_slot_size=\"8\"|<type"
            + " overlayroot=\"true\">: an overlay root has one write partition for one read-only"
            + " root; A/B update slots",
        "filesystem=\"ext4\" overlayroot=\"true\" overlayroot_readonly_partsize=\"8\""
            + " update_slot_size=\"8\"|<type overlayroot_readonly_partsize=\"8\">: update_slot_size"
            + " sizes the root partition too; give one of them",
        "filesystem=\"ext4\" overlayroot=\"true\" overlayroot_readonly_partsize=\"0\"|<type"
            + " overlayroot_readonly_partsize=\"0\">: must be above 0",
        "filesystem=\"ext4\" overlayroot=\"true\" rootfs_label=\"SEVENTEEN-BYTES-L\"|<type"
            + " rootfs_label=\"SEVENTEEN-BYTES-L\">: it labels the ext4 write partition of the"
            + " overlay root, whose label holds at most 16 bytes",
        "filesystem=\"ext4\" overlayroot=\"true\" fscreateoptions=\"-O ^has_journal\"|<type"
            + " fscreateoptions=\"-O ^has_journal\">: mkddi writes ext4 itself (4 KiB blocks,"
            + " 256-byte inodes, its own layout) and takes no mkfs.ext4 options",
      })
  void testRead_whatMkddiCannotBuildIsAProblem(String attributes, String message) throws Exception {
    ImageDescription d = load(attributes, HostTools.NONE);
    assertEquals(1, d.problems().size(), d.problems().toString());
    String got = d.problems().get(0).message();
    assertEquals(message, got.substring(0, Math.min(got.length(), message.length())));
  }

  @Test
  void testRead_xfsLabelIsTwelveBytes() throws Exception {
    ImageDescription d =
        load("filesystem=\"xfs\" overlayroot=\"true\" rootfs_label=\"THIRTEEN-BYTE\"", tools());
    assertEquals(1, d.problems().size(), d.problems().toString());
    assertTrue(d.problems().get(0).message().endsWith("whose label holds at most 12 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "overlayroot=\"false\" overlayroot_readonly_filesystem=\"erofs\"|<type"
            + " overlayroot_readonly_filesystem> ignored: overlayroot is not \"true\"",
        "overlayroot_write_partition=\"false\"|<type overlayroot_write_partition> ignored:"
            + " overlayroot is not \"true\"",
        "filesystem=\"xfs\" overlayroot=\"true\" overlayroot_write_partition=\"false\"|<type"
            + " filesystem> ignored: overlayroot_write_partition=\"false\" builds no write"
            + " partition",
        "overlayroot=\"true\" overlayroot_write_partition=\"false\" fscreateoptions=\"-b 64K\"|<type"
            + " fscreateoptions> ignored: overlayroot_write_partition=\"false\" builds no write"
            + " partition, and kiwi gives no options to the read-only root's mkfs",
      })
  void testRead_overlayAttributesThatDoNothingAreWarnedAbout(String attributes, String warning)
      throws Exception {
    ImageDescription d = load(attributes, HostTools.NONE);
    assertEquals(List.of(), d.problems());
    assertTrue(
        d.warnings().stream().anyMatch(w -> w.message().startsWith(warning)),
        d.warnings().toString());
  }

  @Test
  void testRead_fscreateoptionsGoToTheWritePartitionsMkfsNotTheReadOnlyRoot() throws Exception {
    ImageDescription d =
        load(
            "filesystem=\"xfs\" overlayroot=\"true\" fscreateoptions=\" -i sparse=0  -n size=8192\"",
            tools());
    assertEquals(List.of(), d.problems());
    assertEquals(List.of(), d.warnings());
    assertEquals(
        List.of("-i", "sparse=0", "-n", "size=8192"),
        d.disk().overlay().orElseThrow().mkfsOptions());
    assertEquals("xz -Xbcj x86", d.disk().root().compressionText());
  }
}
