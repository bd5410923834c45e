package dev.mkddi.initrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitrdCheckTest {
  private static InitrdContents contents(CpioArchive a) throws IOException {
    try (InitrdReader r = InitrdReader.of("t", new ByteArrayInputStream(a.finish()))) {
      return InitrdContents.read(r);
    }
  }

  private static CpioArchive systemdVerity() {
    return new CpioArchive()
        .file("usr/lib/systemd/system-generators/systemd-veritysetup-generator", "elf")
        .file("usr/lib/systemd/systemd-veritysetup", "elf");
  }

  @Test
  void testCheck_allThere() throws IOException {
    InitrdContents c =
        contents(
            systemdVerity()
                .file("usr/lib/modules/6.1/kernel/drivers/md/dm-verity.ko", "ko")
                .file("usr/lib/modules/6.1/kernel/fs/erofs/erofs.ko.zst", "ko"));
    InitrdFindings f = InitrdCheck.check(c, Set.of(), RootVerity.ROOTHASH, RootFileSystem.EROFS);
    assertTrue(f.ok(), f.toString());
    assertEquals(3, f.findings().size());
  }

  @Test
  void testCheck_kiwiOverlayRootNeedsKiwiOverlayModuleAndOverlayfs() throws IOException {
    InitrdContents without = contents(CpioArchive.verityInitrd());
    InitrdFindings f =
        InitrdCheck.check(without, Set.of(), RootVerity.ROOTHASH, RootFileSystem.EROFS, true);
    assertFalse(f.ok(), f.toString());
    InitrdFinding first = f.findings().stream().filter(x -> !x.met()).findFirst().orElseThrow();
    assertEquals("kiwi-overlay", first.requirement());
    assertEquals(
        "no /usr/lib/systemd/system-generators/dracut-kiwi-generator (kiwi's kiwi-overlay dracut"
            + " module)",
        first.evidence());
    assertTrue(first.remedy().orElseThrow().startsWith("add_dracutmodules+=\" kiwi-overlay \""));
    InitrdContents with = contents(CpioArchive.verityInitrd().withKiwiOverlay());
    assertTrue(
        InitrdCheck.check(with, Set.of(), RootVerity.ROOTHASH, RootFileSystem.EROFS, true).ok());
  }

  @Test
  void testCheck_modulesBuiltIntoTheKernel() throws IOException {
    InitrdContents c = contents(systemdVerity());
    Set<String> builtin =
        InitrdContents.builtinModules(
            new ByteArrayInputStream(
                "kernel/drivers/md/dm-verity.ko\nkernel/fs/squashfs/squashfs.ko\n"
                    .getBytes(StandardCharsets.UTF_8)));
    InitrdFindings f = InitrdCheck.check(c, builtin, RootVerity.ROOTHASH, RootFileSystem.SQUASHFS);
    assertTrue(f.ok(), f.toString());
    assertEquals("built into the kernel", f.findings().get(1).evidence());
  }

  @Test
  void testCheck_missingGeneratorSaysWhatToAdd() throws IOException {
    InitrdContents c = contents(new CpioArchive().file("usr/lib/modules/6.1/dm-verity.ko", "ko"));
    InitrdFindings f =
        InitrdCheck.check(c, Set.of("erofs"), RootVerity.ROOTHASH, RootFileSystem.EROFS);
    assertFalse(f.ok());
    InitrdFinding missing = f.firstMissing().orElseThrow();
    assertEquals("systemd-veritysetup-generator", missing.requirement());
    assertEquals(
        Optional.of("add_dracutmodules+=\" systemd-veritysetup \" (dracut)"), missing.remedy());
  }

  @Test
  void testCheck_initramfsToolsNeedsDracut() throws IOException {
    InitrdContents c = contents(new CpioArchive().dir("scripts").dir("scripts/init-top"));
    InitrdFinding missing =
        InitrdCheck.check(c, Set.of(), RootVerity.ROOTHASH, RootFileSystem.EROFS)
            .firstMissing()
            .orElseThrow();
    assertTrue(missing.remedy().orElseThrow().startsWith("an initramfs-tools initrd cannot"));
  }

  @Test
  void testCheck_missingFileSystemModule() throws IOException {
    InitrdContents c = contents(systemdVerity().file("lib/modules/6.1/dm_verity.ko", "ko"));
    InitrdFinding missing =
        InitrdCheck.check(c, Set.of(), RootVerity.ROOTHASH, RootFileSystem.EXT4)
            .firstMissing()
            .orElseThrow();
    assertEquals("ext4", missing.requirement());
    assertEquals(Optional.of("add_drivers+=\" ext4 \" (dracut)"), missing.remedy());
  }

  @Test
  void testCheck_kiwiLayoutAcceptsKiwisModule() throws IOException {
    InitrdContents c =
        contents(
            new CpioArchive()
                .file("usr/bin/kiwi-parse-verity", "elf")
                .file("lib/modules/6.1/dm-verity.ko", "ko")
                .file("lib/modules/6.1/modules.builtin", "kernel/fs/squashfs/squashfs.ko\n"));
    InitrdFindings f =
        InitrdCheck.check(c, Set.of(), RootVerity.KIWI_IN_PARTITION, RootFileSystem.SQUASHFS);
    assertTrue(f.ok(), f.toString());
    assertFalse(InitrdCheck.check(c, Set.of(), RootVerity.ROOTHASH, RootFileSystem.SQUASHFS).ok());
  }
}
