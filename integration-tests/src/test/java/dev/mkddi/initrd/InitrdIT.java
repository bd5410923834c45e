package dev.mkddi.initrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initrd reader against a real dracut initrd: the boot kit's (integration-tests/boot/
 * fetch-kit.sh, cached under the temporary directory), as dracut made it (zstd), recompressed with
 * gzip, xz and lz4 (legacy frames, as the kernel reads them), and with an uncompressed
 * early-microcode archive in front as dracut and initramfs-tools write it. The listing must be
 * cpio's, and the check must find what the boot test proves the initrd has.
 */
class InitrdIT {
  @TempDir static Path tmp;
  static Path initrd;
  static Set<String> cpioListing;

  @BeforeAll
  static void kit() throws Exception {
    Tools.requireRoot();
    Tools.require("dracut", "apt-get", "dpkg-deb", "cpio", "zstd", "gzip", "xz", "lz4");
    Path root = Path.of(System.getProperty("mkddi.root", ".")).toAbsolutePath();
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "mkddi-initrd-it");
    Tools.run(
            root,
            List.of(
                "bash",
                root.resolve("integration-tests/boot/fetch-kit.sh").toString(),
                cache.toString()),
            20 * 60)
        .ok();
    initrd = cache.resolve("kit/initrd");
    cpioListing = lines(sh("zstd -dc " + initrd + " | cpio -it --quiet"));
  }

  static String sh(String script) throws Exception {
    return Tools.run(tmp, List.of("bash", "-c", "set -o pipefail; " + script)).ok().stdout();
  }

  static Set<String> lines(String text) {
    Set<String> out = new TreeSet<>();
    for (String line : text.split("\n")) {
      String p = line.strip();
      while (p.startsWith("./") || p.startsWith("/")) {
        p = p.substring(p.charAt(0) == '/' ? 1 : 2);
      }
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void testRead_dracutInitrdListsWhatCpioLists() throws Exception {
    InitrdContents c = InitrdContents.read(initrd);
    assertEquals(cpioListing, new TreeSet<>(c.paths()));
    assertEquals(Set.of(InitrdCompression.ZSTD), c.compressions());
    String target =
        sh("zstd -dc " + initrd + " | cpio -i --quiet --to-stdout init 2>/dev/null; true");
    assertTrue(
        c.symlinks().containsKey("init") || c.paths().contains("init"), c.symlinks().toString());
    InitrdFindings f = InitrdCheck.check(c, Set.of(), RootVerity.ROOTHASH, RootFileSystem.EROFS);
    assertTrue(f.ok(), f.toString() + target);
  }

  @Test
  void testRead_recompressedWithGzipXzAndLz4() throws Exception {
    for (String c : List.of("gzip -9", "xz --check=crc32", "lz4 -l -9 -c")) {
      Path out = tmp.resolve("initrd." + c.split(" ")[0]);
      sh("zstd -dc " + initrd + " | " + c + " > " + out);
      assertEquals(cpioListing, new TreeSet<>(InitrdContents.read(out).paths()), c);
    }
  }

  @Test
  void testRead_earlyMicrocodeInFront() throws Exception {
    Path early = Files.createDirectories(tmp.resolve("early/kernel/x86/microcode"));
    Files.writeString(early.resolve("GenuineIntel.bin"), "microcode");
    Path combined = tmp.resolve("initrd.ucode");
    sh(
        "cd "
            + tmp.resolve("early")
            + " && find kernel | sort | cpio -o -H newc --quiet > ../early.cpio && cat ../early.cpio "
            + initrd
            + " > "
            + combined);
    InitrdContents c = InitrdContents.read(combined);
    Set<String> expected = new TreeSet<>(cpioListing);
    expected.addAll(
        List.of(
            "kernel",
            "kernel/x86",
            "kernel/x86/microcode",
            "kernel/x86/microcode/GenuineIntel.bin"));
    assertEquals(expected, new TreeSet<>(c.paths()));
    assertEquals(2, c.archives());
    assertEquals(Set.of(InitrdCompression.NONE, InitrdCompression.ZSTD), c.compressions());
  }
}
