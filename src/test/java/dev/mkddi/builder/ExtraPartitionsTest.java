package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.description.LoadOptions;
import dev.mkddi.erofs.ErofsReader;
import dev.mkddi.ext4.Ext4Reader;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.swap.SwapHeader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extra partitions are formatted and filled: the mount point's content moves out of the root into
 * the partition, the root keeps the empty directory and gets an fstab line by PARTUUID; swap gets
 * its header.
 */
class ExtraPartitionsTest {
  @TempDir Path dir;

  private final TestImages images = new TestImages();

  private static String read(Ext4Reader r, String... path) throws Exception {
    long ino = 2;
    for (String p : path) {
      ino = r.lookup(ino, p.getBytes(StandardCharsets.UTF_8)).getAsLong();
    }
    return new String(r.read(ino, 0, 100), StandardCharsets.UTF_8).trim();
  }

  @Test
  void testBuild_varMovesIntoExt4PartitionWithFstabAndSwapHeader() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            "",
            "<partitions><partition name=\"state\" size=\"16M\" mountpoint=\"/var\""
                + " filesystem=\"ext4\"/><partition name=\"sw\" partition_name=\"swap\""
                + " size=\"8M\"/></partitions>");
    Files.createDirectories(desc.resolve("root/var/lib"));
    Files.writeString(desc.resolve("root/var/lib/state"), "kept\n");
    BuildResult r = images.build(desc, dir.resolve("o"));
    List<Manifest.Partition> parts = r.manifest().partitions();
    Manifest.Partition root = parts.stream().filter(p -> p.role().equals("root")).findFirst().get();
    Manifest.Partition var = parts.stream().filter(p -> p.type().equals("var")).findFirst().get();
    Manifest.Partition swap = parts.stream().filter(p -> p.type().equals("swap")).findFirst().get();
    try (FileChannel ch = FileChannel.open(r.image(), StandardOpenOption.READ)) {
      Ext4Reader v = Ext4Reader.open(ch, var.offset(), "var");
      assertEquals("kept", read(v, "lib", "state"));
      assertEquals(var.size(), v.sizeBytes());
      assertTrue((v.features()[0] & 0x4) != 0, "has_journal");

      ErofsReader rootFs = ErofsReader.open(ch, root.offset(), "root");
      ErofsReader.Inode rootVar = rootFs.lookup("/var");
      assertTrue(rootVar.isDirectory());
      assertEquals(
          List.of(),
          rootFs.list(rootVar).stream()
              .map(ErofsReader.Entry::nameString)
              .filter(n -> !n.equals(".") && !n.equals(".."))
              .toList());
      ErofsReader.Inode fstab = rootFs.lookup("/etc/fstab");
      String text = new String(rootFs.read(fstab, 0, (int) fstab.size()), StandardCharsets.UTF_8);
      // ext4 grows by default: fstab mounts ignore GPT bit 59, so the line asks systemd-growfs
      assertTrue(
          text.contains("PARTUUID=" + var.uuid() + " /var ext4 defaults,x-systemd.growfs 0 2\n"),
          text);
      assertEquals(List.of("grow-file-system"), var.flags());
      // kiwi's default file system label: the name in upper case (s_volume_name at 1024 + 120)
      ByteBuffer label = ByteBuffer.allocate(16);
      ch.read(label, var.offset() + 1024 + 120);
      assertEquals("STATE", new String(label.array(), StandardCharsets.US_ASCII).trim());
      assertFalse(text.contains("swap"), text);

      ByteBuffer page = ByteBuffer.allocate(4096);
      ch.read(page, swap.offset());
      SwapHeader h = SwapHeader.decode(page.flip(), "swap");
      assertEquals(swap.size() / 4096 - 1, h.lastPage());
    }
  }

  /** Builds without {@code --seed}, as a release pipeline does, for the version given. */
  private BuildResult buildVersion(String version) throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d" + version),
            "",
            "<partitions><partition name=\"state\" size=\"16M\" mountpoint=\"/var\""
                + " filesystem=\"ext4\"/></partitions>");
    Path config = desc.resolve("config.xml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("<version>1.0</version>", "<version>" + version + "</version>"));
    return new ImageBuilder(images.listener)
        .build(
            new BuildRequest(
                desc,
                LoadOptions.forArch("x86_64"),
                dir.resolve("o" + version),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                BuildRequest.Update.NONE,
                true,
                Optional.empty()));
  }

  private static Manifest.Partition var(BuildResult r) {
    return r.manifest().partitions().stream().filter(p -> p.type().equals("var")).findFirst().get();
  }

  @Test
  void testBuild_defaultSeed_varPartUuidStaysAcrossVersions() throws Exception {
    BuildResult v1 = buildVersion("1.0");
    BuildResult v2 = buildVersion("2.0");
    // An A/B update replaces the root, whose fstab names /var by PARTUUID, and keeps /var: the
    // new version's fstab must name the partition the device already has.
    assertEquals(var(v1).uuid(), var(v2).uuid());
    assertFalse(v1.manifest().diskGuid().equals(v2.manifest().diskGuid()), "disk GUIDs differ");
  }
}
