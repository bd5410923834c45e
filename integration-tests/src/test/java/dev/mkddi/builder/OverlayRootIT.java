package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.it.Tools;
import dev.mkddi.it.TreeCompare;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kiwi's overlay root, built from a description shaped like kiwi's build test {@code
 * test-image-overlayroot} (profile {@code sdboot_verity_erofs}: a zstd EROFS read-only root under
 * dm-verity, an xfs write partition, systemd-boot) and squashfs variants with an ext4 and a btrfs
 * write partition, checked by the real tools: systemd-dissect finds the verity root, {@code mkddi
 * verify} passes, the kernel mounts the read-only root with exactly the tree and the write
 * partition read-write (made with the description's {@code fscreateoptions}), {@code xfs_repair
 * -n}/{@code e2fsck -fn}/{@code btrfs check} are clean before and after a write, the command line
 * names the write partition as kiwi's dracut module reads it, and a second build is byte-identical
 * (except xfs and btrfs, whose mkfs stamp the clock: there everything but the write partition).
 */
class OverlayRootIT {
  private static final Path BOOT = Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi");
  private static final Map<String, String> EPOCH = Map.of("SOURCE_DATE_EPOCH", "1700000000");

  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require(
        "mount", "umount", "e2fsck", "mkfs.xfs", "xfs_repair", "blkid", "systemd-dissect");
  }

  /** Written by us in the shape of kiwi's test-image-overlayroot appliance.kiwi. */
  private Path description() throws Exception {
    Path desc = Files.createDirectories(tmp.resolve("overlayroot"));
    Path root = Files.createDirectories(desc.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(
        root.resolve("etc/os-release"), "ID=overlaytest\nVERSION_ID=1.42.1\nNAME=Overlay\n");
    Files.createDirectories(root.resolve("usr/share/doc"));
    Files.writeString(root.resolve("usr/share/doc/readme"), "read-only layer\n".repeat(5000));
    Files.createSymbolicLink(root.resolve("usr/share/doc/link"), Path.of("readme"));
    // the host's systemd-boot stands in for the kernel: a PE file of the right machine
    Path modules = Files.createDirectories(root.resolve("usr/lib/modules/6.1.0-it"));
    Files.copy(BOOT, modules.resolve("vmlinuz"));
    Files.write(modules.resolve("initrd"), new byte[4096]);
    Path efi = Files.createDirectories(root.resolve("usr/lib/systemd/boot/efi"));
    Files.copy(BOOT, efi.resolve("systemd-bootx64.efi"));
    Files.copy(BOOT.resolveSibling("linuxx64.efi.stub"), efi.resolve("linuxx64.efi.stub"));
    Tools.run("bash", "-euc", "find " + root + " -exec touch -h -d @1700000000 {} +").ok();
    Files.writeString(
        desc.resolve("appliance.kiwi"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <image schemaversion="7.5" name="overlayroot-it">
          <description type="system">
            <author>mkddi</author><contact>mkddi@example.org</contact>
            <specification>overlay root disk</specification>
          </description>
          <profiles>
            <profile name="sdboot_verity_erofs" description="verity erofs, xfs write"/>
            <profile name="sdboot_verity_squashfs" description="verity squashfs, ext4 write"/>
            <profile name="verity_squashfs_btrfs" description="verity squashfs, btrfs write"/>
          </profiles>
          <preferences>
            <version>1.42.1</version>
          </preferences>
          <preferences profiles="sdboot_verity_erofs">
            <type image="oem" filesystem="xfs" firmware="uefi" overlayroot="true"
                  fscreateoptions="-i sparse=0"
                  kernelcmdline="console=ttyS0 rd.systemd.verity=1"
                  overlayroot_readonly_filesystem="erofs" overlayroot_readonly_partsize="64"
                  erofscompression="zstd,level=9" verity_blocks="all" efipartsize="200">
              <bootloader name="systemd_boot" timeout="10"/>
              <size unit="G">1</size>
            </type>
          </preferences>
          <preferences profiles="verity_squashfs_btrfs">
            <type image="oem" filesystem="btrfs" overlayroot="true" verity_blocks="all"
                  fscreateoptions="--nodesize 8192">
              <size unit="M">300</size>
            </type>
          </preferences>
          <preferences profiles="sdboot_verity_squashfs">
            <type image="oem" filesystem="ext4" firmware="uefi" overlayroot="true"
                  kernelcmdline="console=ttyS0" squashfscompression="zstd" verity_blocks="all">
              <bootloader name="systemd_boot" timeout="10"/>
            </type>
          </preferences>
        </image>
        """);
    return desc;
  }

  private JsonNode build(Path desc, String profile, Path out) throws Exception {
    Tools.Result r =
        Tools.mkddi(
            EPOCH,
            "build",
            desc.toString(),
            "--profile",
            profile,
            "--target-dir",
            out.toString(),
            "--no-initrd-check",
            "--json");
    r.ok();
    return new ObjectMapper().readTree(r.stdout());
  }

  private static JsonNode role(JsonNode manifest, String role) {
    for (JsonNode p : manifest.get("partitions")) {
      if (p.get("role").asText().equals(role)) {
        return p;
      }
    }
    throw new AssertionError("no " + role + " partition in " + manifest);
  }

  private static Path extract(Path image, JsonNode p, Path to) throws Exception {
    Tools.run(
            "dd",
            "if=" + image,
            "of=" + to,
            "bs=1M",
            "iflag=skip_bytes,count_bytes",
            "skip=" + p.get("offset").asLong(),
            "count=" + p.get("size").asLong(),
            "conv=sparse",
            "status=none")
        .ok();
    return to;
  }

  private static void mount(Path image, String type, String opts, Path mnt) throws Exception {
    Files.createDirectories(mnt);
    Tools.run("mount", "-t", type, "-o", "loop," + opts, image.toString(), mnt.toString()).ok();
  }

  @Test
  void testBuild_erofsRootXfsWritePartition() throws Exception {
    check("sdboot_verity_erofs", "erofs", "xfs");
  }

  @Test
  void testBuild_squashfsRootExt4WritePartition() throws Exception {
    check("sdboot_verity_squashfs", "squashfs", "ext4");
  }

  @Test
  void testBuild_squashfsRootBtrfsWritePartition() throws Exception {
    Tools.require("mkfs.btrfs", "btrfs");
    check("verity_squashfs_btrfs", "squashfs", "btrfs");
  }

  private void check(String profile, String roType, String rwType) throws Exception {
    Path desc = description();
    List<String> expected = TreeCompare.describe(desc.resolve("root"), true);
    JsonNode m = build(desc, profile, tmp.resolve("a"));
    Path image = tmp.resolve("a").resolve(m.get("image").asText());
    JsonNode ro = role(m, "root");
    JsonNode rw = role(m, "overlay-write");
    assertEquals("p.lxroot", rw.get("label").asText());
    JsonNode parts = m.get("partitions");
    assertEquals(rw, parts.get(parts.size() - 1), "the write partition is the last");

    String dissect = Tools.run("systemd-dissect", "--no-pager", image.toString()).ok().stdout();
    assertTrue(dissect.contains(roType) && dissect.contains("root-verity"), dissect);
    Tools.mkddi("verify", image.toString()).ok();

    String cmdline = m.get("cmdline").asText();
    assertTrue(
        cmdline.contains(
            "root=overlay:MAPPER=root rd.root.overlay.write=/dev/disk/by-partuuid/"
                + rw.get("uuid").asText()),
        cmdline);

    Path roImg = extract(image, ro, tmp.resolve("ro.img"));
    mount(roImg, roType, "ro", tmp.resolve("ro"));
    try {
      TreeCompare.assertSame(expected, TreeCompare.describe(tmp.resolve("ro"), true));
    } finally {
      Tools.run("umount", tmp.resolve("ro").toString()).ok();
    }

    Path rwImg = extract(image, rw, tmp.resolve("rw.img"));
    String blkid = Tools.run("blkid", "-o", "export", rwImg.toString()).ok().stdout();
    assertTrue(blkid.contains("TYPE=" + rwType) && blkid.contains("LABEL=ROOT"), blkid);
    List<String> fsck =
        switch (rwType) {
          case "xfs" -> List.of("xfs_repair", "-n", rwImg.toString());
          case "btrfs" -> List.of("btrfs", "check", "--readonly", rwImg.toString());
          default -> List.of("e2fsck", "-fn", rwImg.toString());
        };
    Tools.run(fsck.toArray(String[]::new)).ok();
    // fscreateoptions reach the write partition's mkfs, as kiwi passes them
    switch (rwType) {
      case "xfs" -> {
        String info = Tools.run("xfs_info", rwImg.toString()).ok().stdout();
        assertTrue(info.contains("sparse=0"), info);
      }
      case "btrfs" -> {
        String sb =
            Tools.run("btrfs", "inspect-internal", "dump-super", rwImg.toString()).ok().stdout();
        assertTrue(sb.matches("(?s).*nodesize\\s+8192\\b.*"), sb);
      }
      default -> {}
    }
    mount(rwImg, rwType, "rw", tmp.resolve("rw"));
    try {
      Files.createDirectories(tmp.resolve("rw/rw/etc"));
      Files.writeString(tmp.resolve("rw/rw/etc/hostname"), "upper layer\n");
    } finally {
      Tools.run("umount", tmp.resolve("rw").toString()).ok();
    }
    Tools.run(fsck.toArray(String[]::new)).ok();

    JsonNode again = build(desc, profile, tmp.resolve("b"));
    Path second = tmp.resolve("b").resolve(again.get("image").asText());
    if (!rwType.equals("ext4")) {
      // mkfs.xfs 6.1 and mkfs.btrfs 6.2 stamp the clock and random device identifiers: all but
      // the write partition
      long end = rw.get("offset").asLong();
      assertArrayEquals(head(image, end), head(second, end));
    } else {
      assertEquals(-1L, Files.mismatch(image, second), "byte-identical rebuild");
    }
  }

  private static byte[] head(Path file, long length) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] b = new byte[Math.toIntExact(length)];
      f.readFully(b);
      return b;
    }
  }
}
