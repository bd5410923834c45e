package dev.mkddi.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot test of issues 7, 14 and 15: {@code integration-tests/boot/boot-test.sh --mkddi} fetches
 * a Debian kernel, systemd-boot, OVMF and busybox, builds a dracut systemd initrd and a root
 * archive, then for an lz4 EROFS, an xz squashfs and a read-only ext4 root builds the image with
 * {@code mkddi build}, checks its ESP and UKI, and boots it in QEMU (TCG): the root must come up on
 * the dm-verity device set up from {@code roothash=} with the expected type, and a copy with a
 * flipped byte in the root's first block must stop at a verity error. Boots that passed before with
 * the same bytes are not repeated (the script's cache).
 */
class BootIT {
  /** Three roots, two boots each, under TCG on a loaded machine. */
  private static final long TIMEOUT_SECONDS = 20 * 60;

  @TempDir Path dir;

  @Test
  void testBoot_verityRootFromRoothashAndCorruptionStops() throws Exception {
    Tools.requireRoot();
    Tools.require(
        "qemu-system-x86_64",
        "dracut",
        "apt-get",
        "dpkg-deb",
        "sfdisk",
        "fsck.fat",
        "mcopy",
        "objdump");
    Path root = Path.of(System.getProperty("mkddi.root", "."));
    Path launcher = Tools.launcher();
    Path script = root.resolve("integration-tests/boot/boot-test.sh");
    Tools.Result r =
        Tools.run(
            root,
            List.of("bash", script.toString(), dir.toString(), "--mkddi", launcher.toString()),
            TIMEOUT_SECONDS);
    System.out.println(r.stdout());
    System.err.println(r.stderr());
    Path timings = dir.resolve("timings");
    if (Files.exists(timings)) {
      System.out.println(Files.readString(timings));
    }
    assertEquals(0, r.exitCode(), "boot-test.sh failed; see its output above");
  }
}
