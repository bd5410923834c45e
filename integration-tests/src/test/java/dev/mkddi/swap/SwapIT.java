package dev.mkddi.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mkddi mkfs swap} against util-linux: the header is byte for byte mkswap's for the same
 * label, UUID and page size; blkid and swaplabel read it; the kernel activates it.
 */
class SwapIT {
  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.require("mkswap", "swaplabel", "blkid");
  }

  private static byte[] firstPage(Path p, int pageSize) throws Exception {
    byte[] page = new byte[pageSize];
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      f.readFully(page);
    }
    return page;
  }

  @ParameterizedTest
  @CsvSource({"swap, 4096, 8M", "swap-b-with-15c, 65536, 64M", "'', 4096, 40K"})
  void testMkfsSwap_sameHeaderAsMkswap(String label, int pageSize, String size) throws Exception {
    String uuid = "0c3bb6c4-9fd6-4e1f-8d3b-6d0f5f0b2a11";
    Path ours = tmp.resolve("ours.swap");
    Tools.mkddi(
            "mkfs",
            "swap",
            "--size",
            size,
            "--label",
            label,
            "--uuid",
            uuid,
            "--page-size",
            String.valueOf(pageSize),
            ours.toString())
        .ok();
    Path theirs = tmp.resolve("theirs.swap");
    Tools.run("truncate", "-s", size, theirs.toString()).ok();
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of("mkswap", "-U", uuid, "-p", String.valueOf(pageSize)));
    if (!label.isEmpty()) {
      cmd.addAll(java.util.List.of("-L", label));
    }
    cmd.add(theirs.toString());
    Tools.run(null, cmd).ok();
    assertEquals(Files.size(theirs), Files.size(ours));
    assertArrayEquals(firstPage(theirs, pageSize), firstPage(ours, pageSize));
    String blkid = Tools.run("blkid", "-o", "export", ours.toString()).ok().stdout();
    assertTrue(blkid.contains("TYPE=swap"), blkid);
    assertTrue(blkid.contains("UUID=" + uuid), blkid);
    String swaplabel = Tools.run("swaplabel", ours.toString()).ok().stdout();
    assertTrue(swaplabel.contains("UUID:  " + uuid), swaplabel);
    if (!label.isEmpty()) {
      assertTrue(swaplabel.contains("LABEL: " + label), swaplabel);
    }
  }

  @Test
  void testMkfsSwap_theKernelActivatesIt() throws Exception {
    Tools.requireRoot();
    Tools.require("losetup", "swapon", "swapoff");
    Path area = tmp.resolve("area.swap");
    Tools.mkddi(
            "mkfs",
            "swap",
            "--size",
            "16M",
            "--label",
            "it-swap",
            "--seed",
            "11111111-2222-3333-4444-555555555555",
            area.toString())
        .ok();
    String loop = Tools.run("losetup", "--find", "--show", area.toString()).ok().stdout().trim();
    try {
      Tools.run("swapon", loop).ok();
      String swaps = Files.readString(Path.of("/proc/swaps"));
      Tools.run("swapoff", loop).ok();
      assertTrue(swaps.contains(loop), swaps);
    } finally {
      Tools.run("losetup", "-d", loop);
    }
  }
}
