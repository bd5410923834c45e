package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.io.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys in PKCS#11 tokens, deferred signatures and the Secure Boot key, as the description and the
 * command line give them.
 */
class SigningSettingsTest {
  private static final String TOKEN_KEY = "pkcs11:token=release;object=verity;type=private";
  private static final String ESP = "verity_partition=\"true\" firmware=\"efi\" efipartsize=\"4\"";

  @TempDir Path dir;

  private ImageDescription load(Path d, SigningOptions signing) throws Exception {
    return DescriptionLoader.load(
        d, LoadOptions.forArch("x86_64").withSigning(signing), ProgressListener.NONE);
  }

  private static List<String> problems(ImageDescription d) {
    return d.problems().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void testLoad_tokenKeyInDescription_keptAsWrittenWithoutCertificate() throws Exception {
    Path d =
        TestImages.description(
            dir.resolve("d"),
            "verity_partition=\"true\" verity_signature_required=\"true\""
                + " verity_signature_key=\""
                + TOKEN_KEY.replace(";", "&#59;")
                + "\"");
    ImageDescription desc = load(d, SigningOptions.NONE);
    assertEquals(List.of(), problems(desc));
    SignatureSpec s = desc.disk().verity().signature();
    assertEquals(Optional.of(TOKEN_KEY), s.key());
    assertEquals(Optional.empty(), s.certificate());
    assertTrue(
        desc.layout().partitions().stream()
            .anyMatch(e -> e.role() == PartitionRole.ROOT_VERITY_SIG));
  }

  @Test
  void testLoad_malformedTokenUri_isAProblem() throws Exception {
    Path d = TestImages.description(dir.resolve("d"), "verity_partition=\"true\"");
    ImageDescription desc =
        load(
            d,
            SigningOptions.NONE.withVerity(
                Optional.of("pkcs11:token=a;frobnicate=b"), Optional.empty()));
    assertEquals(1, desc.problems().size(), problems(desc).toString());
    assertTrue(
        problems(desc)
            .get(0)
            .startsWith("--signing-key: the key URI: unknown PKCS#11 URI attribute"),
        problems(desc).toString());
  }

  @Test
  void testLoad_tokenKeyWithKiwiMetadata_needsAPemKey() throws Exception {
    Path d = TestImages.description(dir.resolve("d"), "embed_verity_metadata=\"true\"");
    ImageDescription desc =
        load(d, SigningOptions.NONE.withVerity(Optional.of(TOKEN_KEY), Optional.empty()));
    assertEquals(1, desc.problems().size(), problems(desc).toString());
    assertTrue(problems(desc).get(0).contains("use a PEM key"), problems(desc).toString());
  }

  @Test
  void testLoad_deferred_reservesTheSignaturePartitionWithoutAKey() throws Exception {
    Path d =
        TestImages.description(
            dir.resolve("d"),
            "verity_partition=\"true\" verity_signature_required=\"true\""
                + " verity_signature_key=\"absent.key\"");
    ImageDescription desc = load(d, SigningOptions.NONE.withDeferredVerity(true));
    assertEquals(List.of(), problems(desc));
    SignatureSpec s = desc.disk().verity().signature();
    assertTrue(s.deferred());
    assertFalse(s.signs());
    assertTrue(s.reservesSignature());
    ImageDescription signed =
        load(
            TestImages.description(dir.resolve("s"), "verity_partition=\"true\""),
            SigningOptions.NONE.withVerity(Optional.of(TOKEN_KEY), Optional.empty()));
    assertEquals(signed.layout(), desc.layout());
  }

  @Test
  void testLoad_deferredWithoutASignaturePartition_isAProblem() throws Exception {
    SigningOptions defer = SigningOptions.NONE.withDeferredVerity(true);
    ImageDescription inRoot =
        load(TestImages.description(dir.resolve("r"), "verity_partition=\"false\""), defer);
    assertEquals(
        List.of(
            "--defer-signature: the hash tree is inside the root partition"
                + " (verity_partition=\"false\"), so there is no signature partition to reserve;"
                + " sign .roothash yourself or use verity_partition=\"true\""),
        problems(inRoot));
    ImageDescription kiwi =
        load(TestImages.description(dir.resolve("k"), "embed_verity_metadata=\"true\""), defer);
    assertEquals(1, kiwi.problems().size(), problems(kiwi).toString());
    assertTrue(problems(kiwi).get(0).contains("mkddi sign does not rewrite"));
  }

  @Test
  void testLoad_secureBootKeyOnBootloader_resolvedAgainstTheDescription() throws Exception {
    Path d =
        TestImages.description(
            dir.resolve("d"),
            ESP,
            "<bootloader name=\"systemd_boot\" secure_boot_key=\"sb/db.key\""
                + " secure_boot_certificate=\"sb/db.crt\"/>");
    TestKeys.writePair("RSA", d.resolve("sb/db.key"), d.resolve("sb/db.crt"));
    ImageDescription desc = load(d, SigningOptions.NONE);
    assertEquals(List.of(), problems(desc));
    SecureBootSpec sb = desc.disk().bootloader().orElseThrow().secureBoot();
    assertEquals(Optional.of(d.resolve("sb/db.key").toString()), sb.key());
    assertEquals(Optional.of(d.resolve("sb/db.crt")), sb.certificate());
  }

  @Test
  void testLoad_secureBootPemKeyWithoutCertificate_isAProblem() throws Exception {
    Path d =
        TestImages.description(
            dir.resolve("d"),
            ESP,
            "<bootloader name=\"systemd_boot\" secure_boot_key=\"db.key\"/>");
    TestKeys.writePair("RSA", d.resolve("db.key"), d.resolve("db.crt"));
    ImageDescription desc = load(d, SigningOptions.NONE);
    assertEquals(1, desc.problems().size(), problems(desc).toString());
    assertTrue(
        problems(desc)
            .get(0)
            .endsWith(
                "a signing key needs its certificate: set secure_boot_certificate or pass"
                    + " --secure-boot-certificate"),
        problems(desc).toString());
  }

  @Test
  void testLoad_secureBootKeyMismatchingItsCertificate_isAProblem() throws Exception {
    Path d =
        TestImages.description(
            dir.resolve("d"),
            ESP,
            "<bootloader name=\"systemd_boot\" secure_boot_key=\"db.key\""
                + " secure_boot_certificate=\"other.crt\"/>");
    TestKeys.writePair("RSA", d.resolve("db.key"), d.resolve("db.crt"));
    TestKeys.writePair("RSA", d.resolve("other.key"), d.resolve("other.crt"));
    ImageDescription desc = load(d, SigningOptions.NONE);
    assertEquals(1, desc.problems().size(), problems(desc).toString());
  }

  @Test
  void testLoad_secureBootKeyOnTheCommandLineWithoutABootloader_isAProblem() throws Exception {
    Path d = TestImages.description(dir.resolve("d"), "verity_partition=\"true\"");
    ImageDescription desc =
        load(d, SigningOptions.NONE.withSecureBoot(Optional.of(TOKEN_KEY), Optional.empty()));
    assertEquals(
        List.of(
            "--secure-boot-key: the image has no <bootloader name=\"systemd_boot\">:"
                + " there is no boot chain to sign for Secure Boot"),
        problems(desc));
  }

  @Test
  void testLoad_secureBootKeyOnTheCommandLineWithFirmwareOnly_signsTheImpliedSystemdBoot()
      throws Exception {
    Path d = TestImages.description(dir.resolve("d"), ESP);
    ImageDescription desc =
        load(d, SigningOptions.NONE.withSecureBoot(Optional.of(TOKEN_KEY), Optional.empty()));
    assertEquals(List.of(), problems(desc));
    assertTrue(
        desc.warnings().stream().anyMatch(w -> w.toString().contains("without <bootloader>")),
        desc.warnings().toString());
    SecureBootSpec sb = desc.disk().bootloader().orElseThrow().secureBoot();
    assertEquals(Optional.of(TOKEN_KEY), sb.key());
    assertEquals(Optional.empty(), sb.certificate());
  }
}
