package dev.mkddi.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot test of {@code examples/debian-bootable} ({@code
 * integration-tests/boot/debian-boot-test.sh}): a Debian 12 root from mmdebstrap (cached under
 * {@code ${TMPDIR:-/tmp}}), {@code mkddi build}, a QEMU boot to a login prompt with systemd as PID
 * 1, {@code /} on {@code /dev/mapper/root} and the system "running", and a copy with a flipped byte
 * that must stop at a verity error.
 */
class DebianBootIT {
  @TempDir Path dir;

  @Test
  void testBoot_debianExampleRunsOnItsVerityRoot() throws Exception {
    Tools.requireRoot();
    Tools.require("mmdebstrap", "qemu-system-x86_64", "python3");
    if (!Files.isRegularFile(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"))) {
      Tools.require("ovmf-is-missing"); // reported as a missing tool: .ci/install-tools has ovmf
    }
    Path root = Path.of(System.getProperty("mkddi.root", ".")).toAbsolutePath();
    Path script = root.resolve("integration-tests/boot/debian-boot-test.sh");
    Tools.Result r =
        Tools.run(
            root,
            List.of(
                "bash", script.toString(), dir.toString(), "--mkddi", Tools.launcher().toString()),
            45 * 60);
    System.out.println(r.stdout());
    System.err.println(r.stderr());
    assertEquals(0, r.exitCode(), "debian-boot-test.sh failed; see its output above");
  }
}
