package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.it.Tools;
import dev.mkddi.it.TreeCompare;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mkddi build} with each root file system a description can name: the host kernel loop
 * mounts the root partition of the built disk (at its offset, read-only) and sees exactly the input
 * tree; {@code mkddi verify} recognises the type by its magic and passes the image.
 */
class RootFilesystemIT {
  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require("mount", "umount", "mknod", "setfattr");
  }

  /** Every entry type, compressible and random data, hard links, owners, an xattr. */
  private Path makeTree() throws Exception {
    Path t = Files.createDirectories(tmp.resolve("desc/root"));
    Random rnd = new Random(14);
    Path share = Files.createDirectories(t.resolve("usr/share/doc"));
    for (int size : new int[] {0, 1, 4095, 4097, 131073, 1048577, 2_500_000}) {
      byte[] random = new byte[size];
      rnd.nextBytes(random);
      Files.write(share.resolve("random" + size), random);
      Files.writeString(share.resolve("text" + size), "usr share doc ".repeat(size / 14 + 1));
    }
    Files.createSymbolicLink(t.resolve("usr/share/link"), Path.of("doc/text4097"));
    Files.createLink(t.resolve("usr/share/hard"), share.resolve("text131073"));
    Files.createDirectories(t.resolve("etc"));
    Files.writeString(t.resolve("etc/os-release"), "ID=mkddi\n", StandardCharsets.UTF_8);
    Tools.run(
            "bash",
            "-euc",
            "cd "
                + t
                + " && mkdir -p dev tmp && mknod dev/null c 1 3 && chmod 1777 tmp"
                + " && chmod 4755 usr/share/doc/text1 && setfattr -n user.mkddi -v hi etc/os-release"
                // whole seconds: squashfs stores no fractions
                + " && find . -exec touch -h -d @1700000000 {} +")
        .ok();
    return t;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "erofs||erofs",
        "erofs|erofscompression=\"lz4hc,12\"|erofs",
        "erofs|erofscompression=\"lzma\"|erofs",
        "squashfs||squashfs",
        "squashfs|squashfscompression=\"zstd\"|squashfs",
        "erofs|erofscompression=\"lz4hc\" fscreateoptions=\"-Efragments,ztailpacking -C 65536\"|erofs",
        "squashfs|fscreateoptions=\"-noappend -comp xz -b 64K -Xbcj x86,arm64 -tailends\"|squashfs",
        "ext4||ext4"
      })
  void testBuild_kernelMountsRootPartition(String fs, String extra, String mountType)
      throws Exception {
    Path tree = makeTree();
    Path desc = tree.getParent();
    Files.writeString(
        desc.resolve("config.xml"),
        "<image schemaversion=\"8.5\" name=\"rootfs\"><description type=\"system\">"
            + "<author>a</author><contact>c</contact><specification>s</specification>"
            + "</description><preferences><version>1.0</version>"
            + "<type image=\"oem\" filesystem=\""
            + fs
            + "\" "
            + (extra == null ? "" : extra)
            + " verity_blocks=\"all\" verity_partition=\"true\"/></preferences></image>");
    Path out = tmp.resolve("out");
    Tools.Result built =
        Tools.mkddi("build", desc.toString(), "--target-dir", out.toString(), "--json");
    built.ok();
    JsonNode manifest = new ObjectMapper().readTree(built.stdout());
    assertEquals(fs, manifest.get("filesystem").get("type").asText());
    JsonNode root = null;
    for (JsonNode p : manifest.get("partitions")) {
      if (p.get("role").asText().equals("root")) {
        root = p;
      }
    }
    Path image = out.resolve(manifest.get("image").asText());
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run(
            "mount",
            "-t",
            mountType,
            "-o",
            "loop,ro,offset=" + root.get("offset").asLong() + ",sizelimit=" + root.get("size"),
            image.toString(),
            mnt.toString())
        .ok();
    List<String> mounted;
    try {
      mounted = TreeCompare.describe(mnt, true);
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
    mounted = mounted.stream().filter(l -> !l.contains("lost+found")).toList();
    TreeCompare.assertSame(TreeCompare.describe(tree, true), mounted);

    Tools.Result verified = Tools.mkddi("verify", image.toString());
    verified.ok();
    assertTrue(verified.stdout().contains(fs), verified.stdout());
  }
}
