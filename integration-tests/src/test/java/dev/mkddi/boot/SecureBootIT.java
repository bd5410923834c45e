package dev.mkddi.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UEFI Secure Boot with real firmware ({@code integration-tests/boot/secure-boot-test.sh}): OVMF's
 * Secure Boot build with Debian's snakeoil-enrolled variable store boots the image whose
 * systemd-boot and UKI mkddi signed with the snakeoil key (the kernel logs "Secure boot enabled",
 * the root is the verity root), and refuses the unsigned image and an unsigned UKI behind signed
 * systemd-boot. Kit and root are cached in {@code ${java.io.tmpdir}/mkddi-secure-boot}.
 */
class SecureBootIT {
  @Test
  void testBoot_signedBootsWithSecureBootAndUnsignedIsRefused() throws Exception {
    Tools.requireRoot();
    Tools.require(
        "qemu-system-x86_64", "dracut", "apt-get", "dpkg-deb", "mcopy", "mdir", "sbverify");
    if (!Files.isRegularFile(Path.of("/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"))) {
      Tools.require("ovmf-is-missing"); // reported as a missing tool: .ci/install-tools has ovmf
    }
    Path root = Path.of(System.getProperty("mkddi.root", "."));
    Path script = root.resolve("integration-tests/boot/secure-boot-test.sh");
    // the kit (Debian kernel, dracut initrd) and root are cached across runs: the script reuses
    // them
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mkddi-secure-boot");
    Tools.Result r =
        Tools.run(
            root,
            List.of(
                "bash", script.toString(), dir.toString(), "--mkddi", Tools.launcher().toString()),
            45 * 60);
    System.out.println(r.stdout());
    System.err.println(r.stderr());
    assertEquals(0, r.exitCode(), "secure-boot-test.sh failed; see its output above");
  }
}
