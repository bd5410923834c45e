package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.it.Tools;
import dev.mkddi.it.TreeCompare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extra partitions of a built disk, checked by the real tools: the ext4 /var partition passes
 * {@code e2fsck -fn}, the kernel mounts it read-write with exactly the tree's /var and takes a new
 * file, e2fsck is clean again; the FAT partition passes {@code fsck.fat -n} and mounts with its
 * files for mtools; blkid reads the swap header; the root keeps an empty /var and an fstab line by
 * PARTUUID.
 */
class ExtraPartitionsIT {
  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require("mount", "umount", "e2fsck", "fsck.fat", "blkid", "mtype");
  }

  private List<String> mounted(Path image, JsonNode p, String type, String opts, Path mnt)
      throws Exception {
    Files.createDirectories(mnt);
    Tools.run(
            "mount",
            "-t",
            type,
            "-o",
            "loop,"
                + opts
                + ",offset="
                + p.get("offset").asLong()
                + ",sizelimit="
                + p.get("size").asLong(),
            image.toString(),
            mnt.toString())
        .ok();
    return TreeCompare.describe(mnt, true);
  }

  /** Builds {@code desc} (its root/ already there) with these partitions; the manifest. */
  private static JsonNode build(Path desc, String partitions, Path out) throws Exception {
    Files.writeString(
        desc.resolve("config.xml"),
        "<image schemaversion=\"8.5\" name=\"parts\"><description type=\"system\">"
            + "<author>a</author><contact>c</contact><specification>s</specification>"
            + "</description><preferences><version>1.0</version>"
            + "<type image=\"oem\" filesystem=\"erofs\" verity_blocks=\"all\"><partitions>"
            + partitions
            + "</partitions></type></preferences></image>");
    Tools.Result built =
        Tools.mkddi("build", desc.toString(), "--target-dir", out.toString(), "--json");
    built.ok();
    return new ObjectMapper().readTree(built.stdout());
  }

  private static Path extract(Path image, JsonNode p, Path to) throws Exception {
    Tools.run(
            "dd",
            "if=" + image,
            "of=" + to,
            "bs=4096",
            "skip=" + p.get("offset").asLong() / 4096,
            "count=" + p.get("size").asLong() / 4096,
            "status=none")
        .ok();
    return to;
  }

  @Test
  void testBuild_partitionsFormattedFilledAndMountable() throws Exception {
    Path desc = Files.createDirectories(tmp.resolve("desc"));
    Path root = Files.createDirectories(desc.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/fstab"), "# existing line\n");
    Files.createDirectories(root.resolve("var/lib/app"));
    Files.writeString(root.resolve("var/lib/app/state"), "state\n".repeat(1000));
    Files.createSymbolicLink(root.resolve("var/lib/app/link"), Path.of("state"));
    Files.createDirectories(root.resolve("srv/www"));
    Files.writeString(root.resolve("srv/www/index.html"), "<p>hi</p>\n");
    Tools.run("bash", "-euc", "find " + root + " -exec touch -h -d @1700000000 {} +").ok();
    Path var = root.resolve("var");
    List<String> expectedVar = TreeCompare.describe(var, true);
    Path out = tmp.resolve("out");
    JsonNode manifest =
        build(
            desc,
            "<partition name=\"state\" size=\"32M\" mountpoint=\"/var\" filesystem=\"ext4\"/>"
                + "<partition name=\"web\" size=\"40M\" mountpoint=\"/srv\" filesystem=\"fat32\"/>"
                + "<partition name=\"sw\" size=\"16M\" partition_name=\"swap\"/>",
            out);
    Map<String, JsonNode> parts = new HashMap<>();
    for (JsonNode p : manifest.get("partitions")) {
      parts.put(p.get("role").asText().equals("root") ? "root" : p.get("type").asText(), p);
    }
    Path image = out.resolve(manifest.get("image").asText());

    Path varImg = extract(image, parts.get("var"), tmp.resolve("var.img"));
    Tools.run("e2fsck", "-fn", varImg.toString()).ok();
    Path mnt = tmp.resolve("mnt");
    List<String> got = mounted(varImg, whole(varImg), "ext4", "rw", mnt);
    try {
      TreeCompare.assertSame(
          expectedVar, got.stream().filter(l -> !l.contains("lost+found")).toList());
      Files.writeString(mnt.resolve("written-at-runtime"), "new\n");
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
    Tools.run("e2fsck", "-fn", varImg.toString()).ok();

    Path fatImg = extract(image, parts.get("srv"), tmp.resolve("fat.img"));
    Tools.run("fsck.fat", "-n", fatImg.toString()).ok();
    // this host's kernel has no vfat: mtools reads the file system
    Tools.Result page = Tools.run("mtype", "-i", fatImg.toString(), "::/www/index.html");
    page.ok();
    assertEquals("<p>hi</p>\n", page.stdout());

    Path swapImg = extract(image, parts.get("swap"), tmp.resolve("swap.img"));
    Tools.Result blkid = Tools.run("blkid", "-o", "export", swapImg.toString());
    blkid.ok();
    assertTrue(blkid.stdout().contains("TYPE=swap"), blkid.stdout());

    List<String> rootTree = mounted(image, parts.get("root"), "erofs", "ro", tmp.resolve("root"));
    try {
      assertTrue(rootTree.stream().anyMatch(l -> l.startsWith("var 040755")), rootTree.toString());
      assertTrue(rootTree.stream().noneMatch(l -> l.startsWith("var/")), rootTree.toString());
      String fstab = Files.readString(tmp.resolve("root/etc/fstab"));
      assertEquals(
          "# existing line\n"
              + "PARTUUID="
              + parts.get("var").get("uuid").asText()
              + " /var ext4 defaults,x-systemd.growfs 0 2\n"
              + "PARTUUID="
              + parts.get("srv").get("uuid").asText()
              + " /srv vfat defaults 0 2\n",
          fstab);
    } finally {
      Tools.run("umount", tmp.resolve("root").toString()).ok();
    }
  }

  /** One line of {@code dumpe2fs -h}'s output: {@code Block count: 8192} → 8192. */
  private static long superblockField(String device, String field) throws Exception {
    Tools.Result r = Tools.run("dumpe2fs", "-h", device);
    r.ok();
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).strip());
      }
    }
    throw new AssertionError("dumpe2fs -h shows no " + field + ": " + r.stdout());
  }

  /**
   * Room to grow: the /var partition (the last, flagged grow-file-system, its fstab line asking for
   * x-systemd.growfs) is enlarged after the disk grew (sfdisk, as systemd-repart grows a partition)
   * and {@code resize2fs} grows its ext4 from 32 MiB to over 8 GiB: past 64 block groups, so the
   * new group descriptors need the reserved GDT blocks the writer left. Offline here: the kernel
   * grows a mounted ext4 only for a process with CAP_SYS_RESOURCE, which this container lacks;
   * AbUpdateIT grows the same partition online in QEMU, as systemd-growfs does.
   */
  @Test
  void testBuild_writablePartitionGrowsAfterTheDiskGrows() throws Exception {
    Tools.require("sfdisk", "losetup", "resize2fs", "dumpe2fs");
    Path desc = Files.createDirectories(tmp.resolve("grow"));
    Path root = Files.createDirectories(desc.resolve("root"));
    Files.createDirectories(root.resolve("var/lib/app"));
    Files.writeString(root.resolve("var/lib/app/state"), "state\n");
    Path out = tmp.resolve("grow-out");
    JsonNode manifest =
        build(
            desc,
            "<partition name=\"state\" size=\"32M\" mountpoint=\"/var\" filesystem=\"ext4\""
                + " label=\"state\"/>",
            out);
    Path image = out.resolve(manifest.get("image").asText());
    JsonNode parts = manifest.get("partitions");
    JsonNode var = parts.get(parts.size() - 1);
    assertEquals("var", var.get("type").asText());
    String number = String.valueOf(parts.size());

    JsonNode before =
        new ObjectMapper().readTree(Tools.run("sfdisk", "--json", image.toString()).stdout());
    JsonNode entry = before.get("partitiontable").get("partitions").get(parts.size() - 1);
    assertEquals("GUID:59", entry.get("attrs").asText(), entry.toString());

    // the disk grows to 9 GiB; the last partition takes the new space, keeping its identity
    Tools.run("truncate", "-s", "9G", image.toString()).ok();
    Tools.run(
            "bash",
            "-euc",
            "echo ', +' | sfdisk --no-reread --no-tell-kernel -q -N " + number + " " + image)
        .ok();
    JsonNode after =
        new ObjectMapper()
            .readTree(Tools.run("sfdisk", "--json", image.toString()).stdout())
            .get("partitiontable")
            .get("partitions")
            .get(parts.size() - 1);
    assertEquals(entry.get("uuid").asText(), after.get("uuid").asText());
    assertEquals("GUID:59", after.get("attrs").asText(), after.toString());
    long sectors = after.get("size").asLong();
    assertTrue(sectors * 512 > 8L << 30, after.toString());

    // the partition as its own loop device (no udev here to make the partition nodes of -P)
    String dev =
        Tools.run(
                "losetup",
                "-f",
                "--show",
                "-o",
                String.valueOf(after.get("start").asLong() * 512),
                "--sizelimit",
                String.valueOf(sectors * 512),
                image.toString())
            .stdout()
            .strip();
    try {
      assertTrue(superblockField(dev, "Reserved GDT blocks") > 0, "no reserved GDT blocks");
      Tools.run("resize2fs", dev).ok();
      Path mnt = Files.createDirectories(tmp.resolve("grow-mnt"));
      Tools.run("mount", "-t", "ext4", dev, mnt.toString()).ok();
      try {
        // the new room takes a file far larger than the partition was
        Tools.run(
                "dd",
                "if=/dev/zero",
                "of=" + mnt.resolve("big"),
                "bs=1M",
                "count=256",
                "conv=fsync",
                "status=none")
            .ok();
        assertEquals("state\n", Files.readString(mnt.resolve("lib/app/state")));
      } finally {
        Tools.run("umount", mnt.toString()).ok();
      }
      Tools.run("e2fsck", "-fn", dev).ok();
      assertEquals(sectors * 512 / 4096, superblockField(dev, "Block count"));
    } finally {
      Tools.run("losetup", "-d", dev).ok();
    }
  }

  /** The whole extracted file. */
  private static JsonNode whole(Path file) throws Exception {
    return new ObjectMapper().createObjectNode().put("offset", 0).put("size", Files.size(file));
  }
}
