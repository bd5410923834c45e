package dev.mkddi.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The A/B update test of issue 17 ({@code integration-tests/boot/ab-update-test.sh}): version 1
 * boots from slot A; version 2's update artifacts, applied by the {@code .transfer} definitions
 * version 1 carries, boot from slot B; with one block of slot B corrupted, version 2's boot tries
 * run out and systemd-boot falls back to version 1 on slot A; {@code mkddi verify} names the slot
 * after each step. Every boot mounts the ext4 /var of examples/ab-update from the root's fstab
 * line, reads back what the earlier boots wrote there, and (after the disk grew) grows it online.
 * The kit (Debian kernel, dracut initrd, OVMF) is cached under {@code ${TMPDIR:-/tmp}/mkddi-ab}, so
 * a rerun spends its time on the boots only.
 */
class AbUpdateIT {
  @Test
  void testAbUpdate_slotSwitchThenFallbackAfterCorruption() throws Exception {
    Tools.requireRoot();
    Tools.require(
        "qemu-system-x86_64",
        "dracut",
        "apt-get",
        "dpkg-deb",
        "mdir",
        "gpg",
        "zstd",
        "python3",
        "sfdisk",
        "resize2fs",
        "e2fsck",
        "debugfs",
        "dumpe2fs",
        "losetup");
    String tmp = System.getenv().getOrDefault("TMPDIR", "/tmp");
    Path out = Path.of(tmp.isEmpty() ? "/tmp" : tmp, "mkddi-ab");
    Path root = Path.of(System.getProperty("mkddi.root", ".")).toAbsolutePath();
    Path script = root.resolve("integration-tests/boot/ab-update-test.sh");
    Tools.Result r =
        Tools.run(
            root,
            List.of(
                "bash", script.toString(), out.toString(), "--mkddi", Tools.launcher().toString()),
            45 * 60);
    System.out.println(r.stdout());
    System.err.println(r.stderr());
    Path timings = out.resolve("timings");
    if (Files.exists(timings)) {
      System.out.println(Files.readString(timings));
    }
    assertEquals(0, r.exitCode(), "ab-update-test.sh failed; see its output above");
  }
}
