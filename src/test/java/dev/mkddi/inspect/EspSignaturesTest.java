package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.initrd.CpioArchive;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.Certificates;
import dev.mkddi.uki.TestPe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Secure Boot signers of the ESP: verify pinning them, inspect listing them. */
class EspSignaturesTest {
  private static final String BOOTABLE =
      "verity_partition=\"true\" firmware=\"efi\" efipartsize=\"4\""
          + " kernelcmdline=\"console=ttyS0\"";
  private static final List<String> FILES =
      List.of("EFI/BOOT/BOOTX64.EFI", "EFI/systemd/systemd-bootx64.efi", "EFI/Linux/t-1.0.efi");

  @TempDir static Path shared;
  private static Path signed;
  private static Path unsigned;

  @BeforeAll
  static void build() throws Exception {
    signed =
        bootable(
            shared.resolve("signed"),
            "<bootloader name=\"systemd_boot\" timeout=\"0\" secure_boot_key=\"db.key\""
                + " secure_boot_certificate=\"db.crt\"/>");
    unsigned =
        bootable(shared.resolve("unsigned"), "<bootloader name=\"systemd_boot\" timeout=\"0\"/>");
  }

  private static Path bootable(Path dir, String bootloader) throws Exception {
    Path d = TestImages.description(dir.resolve("d"), BOOTABLE, bootloader);
    Path modules = Files.createDirectories(d.resolve("root/usr/lib/modules/6.1.0-test"));
    Files.write(modules.resolve("vmlinuz"), TestPe.kernel(0x3000, 0x8000));
    Files.write(modules.resolve("initrd"), CpioArchive.verityInitrd().finish());
    Path efi = Files.createDirectories(d.resolve("root/usr/lib/systemd/boot/efi"));
    Files.write(efi.resolve("linuxx64.efi.stub"), TestPe.stub().build());
    Files.write(efi.resolve("systemd-bootx64.efi"), TestPe.kernel(0x1000, 0x2000));
    Files.copy(TestImages.signFixture("test-only-rsa.key"), d.resolve("db.key"));
    Files.copy(TestImages.signFixture("test-only-rsa.crt"), d.resolve("db.crt"));
    new TestImages().build(d, dir.resolve("out"));
    return dir.resolve("out/t.x86_64-1.0.raw");
  }

  private static VerifyReport verify(Path img, String secureBootCertificate) throws Exception {
    return new ImageVerifier(ProgressListener.NONE)
        .verify(
            VerifyRequest.of(img)
                .withSecureBootCertificate(TestImages.signFixture(secureBootCertificate)));
  }

  private static List<String> secureBoot(VerifyReport r) {
    return r.checks().stream()
        .filter(c -> c.name().equals(EspSignatures.SECURE_BOOT))
        .map(c -> c.status() + " " + c.message())
        .toList();
  }

  private static String describe(String fixture) throws Exception {
    return Certificates.describe(Certificates.load(TestImages.signFixture(fixture)));
  }

  @Test
  void testVerify_secureBootCertificatePinsEverySignedFile() throws Exception {
    VerifyReport r = verify(signed, "test-only-rsa.crt");
    assertTrue(r.ok(), r.toString());
    List<String> checks = secureBoot(r);
    assertEquals(FILES.size(), checks.size(), checks.toString());
    for (int i = 0; i < FILES.size(); i++) {
      assertTrue(
          checks
              .get(i)
              .startsWith(
                  "OK "
                      + FILES.get(i)
                      + ": Authenticode-signed by the given Secure Boot certificate CN="),
          checks.toString());
    }
  }

  @Test
  void testVerify_otherSecureBootCertificate_failsNamingFileAndSigner() throws Exception {
    X509Certificate rsa = Certificates.load(TestImages.signFixture("test-only-rsa.crt"));
    VerifyReport r = verify(signed, "test-only-ec.crt");
    assertEquals(
        FILES.get(0)
            + ": Authenticode-signed by "
            + rsa.getSubjectX500Principal().getName()
            + " (certificate sha256 "
            + Certificates.fingerprint(rsa)
            + "), not by the Secure Boot certificate "
            + describe("test-only-ec.crt"),
        r.firstProblem().orElseThrow().message());
    assertEquals(3, secureBoot(r).stream().filter(c -> c.startsWith("FAILED ")).count());
  }

  @Test
  void testVerify_unsignedFileWithSecureBootCertificate_fails() throws Exception {
    VerifyReport r = verify(unsigned, "test-only-rsa.crt");
    assertEquals(
        FILES.get(0)
            + ": unsigned (no Authenticode signature), expected one by the Secure Boot"
            + " certificate "
            + describe("test-only-rsa.crt"),
        r.firstProblem().orElseThrow().message());
    VerifyReport lenient =
        new ImageVerifier(ProgressListener.NONE).verify(VerifyRequest.of(unsigned));
    assertTrue(lenient.ok(), lenient.toString());
  }

  @Test
  void testInspect_listsTheSignersOfTheEsp() throws Exception {
    X509Certificate rsa = Certificates.load(TestImages.signFixture("test-only-rsa.crt"));
    ImageReport r = ImageInspector.standard().inspect(signed, ProgressListener.NONE);
    PartitionDetails d =
        r.partitions().get(0).details().stream()
            .filter(x -> x.key().equals("authenticode"))
            .findFirst()
            .orElseThrow();
    List<?> files = (List<?>) d.fields().get("files");
    assertEquals(FILES.size(), files.size());
    for (int i = 0; i < FILES.size(); i++) {
      assertEquals(
          Map.of(
              "file",
              FILES.get(i),
              "signer",
              rsa.getSubjectX500Principal().getName(),
              "sha256",
              Certificates.fingerprint(rsa)),
          files.get(i));
    }
    ImageReport u = ImageInspector.standard().inspect(unsigned, ProgressListener.NONE);
    assertEquals(
        Map.of("file", FILES.get(2), "signer", "unsigned", "sha256", ""),
        ((List<?>)
                u.partitions().get(0).details().stream()
                    .filter(x -> x.key().equals("authenticode"))
                    .findFirst()
                    .orElseThrow()
                    .fields()
                    .get("files"))
            .get(2));
  }
}
