package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.it.Tools;
import dev.mkddi.it.Tools.Result;
import dev.mkddi.uki.PeSignatureReader;
import dev.mkddi.uki.PeSignatures;
import dev.mkddi.uki.PeSigner;
import dev.mkddi.uki.TestPe;
import dev.mkddi.uki.UkiAssembler;
import dev.mkddi.uki.UkiSection;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mkddi sbsign} against the tools that define Authenticode on Linux: sbverify accepts every
 * file we sign (Debian's systemd-boot and a UKI made by {@link UkiAssembler}), osslsigncode and
 * pesign find exactly one signature, our bytes equal sbsign's once sbsign's signing time is used,
 * and our verifier accepts sbsign's files and rejects tampered ones.
 */
class AuthenticodeIT {
  private static final Path BOOT = Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi");
  private static final Path STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

  @TempDir static Path dir;
  private static Path uki;

  @BeforeAll
  static void setUp() throws Exception {
    Tools.require("sbsign", "sbverify", "sbattach", "osslsigncode", "pesign");
    for (Path p : List.of(BOOT, STUB)) {
      if (!Files.isRegularFile(p)) {
        fail(p + " is missing (install systemd-boot-efi: run .ci/install-tools)");
      }
    }
    Random r = new Random(16);
    byte[] initrd = new byte[3 << 20]; // several of PeSigner's 1 MiB chunks
    r.nextBytes(initrd);
    Path initrdFile = Files.write(dir.resolve("initrd"), initrd);
    Path kernel = Files.write(dir.resolve("vmlinuz"), TestPe.kernel(0x21000, 0x80000));
    uki = dir.resolve("uki.efi");
    try (FileChannel ch =
        FileChannel.open(uki, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      UkiAssembler.assemble(
          STUB,
          List.of(
              UkiSection.bytes(".osrel", "ID=test\n".getBytes(StandardCharsets.US_ASCII)),
              UkiSection.bytes(
                  ".cmdline", "console=ttyS0 roothash=00".getBytes(StandardCharsets.US_ASCII)),
              UkiSection.file(".initrd", initrdFile),
              UkiSection.file(".linux", kernel)),
          ch,
          ProgressListener.NONE);
    }
  }

  private static Path input(String name) {
    return name.equals("systemd-boot") ? BOOT : uki;
  }

  private static Path key(String type) throws Exception {
    return Fixtures.path("test-only-" + type + ".key");
  }

  private static Path cert(String type) throws Exception {
    return Fixtures.path("test-only-" + type + ".crt");
  }

  private static Path mkddiSign(Path in, String type, String name) throws Exception {
    Path out = dir.resolve(name);
    Tools.mkddi(
            "sbsign",
            in.toString(),
            out.toString(),
            "--key",
            key(type).toString(),
            "--certificate",
            cert(type).toString())
        .ok();
    return out;
  }

  /** Our verifier: the image hash, one Authenticode signature, pinned to {@code certificate}. */
  private static SignatureCheck ourVerify(Path file, X509Certificate certificate) throws Exception {
    PeSignatures s;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      s = PeSignatureReader.read(ch, file.toString());
    }
    assertEquals(1, s.certificates().size(), file.toString());
    return AuthenticodeSignature.parse(s.certificates().get(0).content(), file.toString())
        .verify(s.imageDigest(), certificate);
  }

  @ParameterizedTest
  @CsvSource({"systemd-boot,rsa", "systemd-boot,ec", "uki,rsa", "uki,ec"})
  void testSbsign_realToolsAccept(String file, String type) throws Exception {
    Path signed = mkddiSign(input(file), type, file + "-" + type + ".efi");
    Tools.run("sbverify", "--cert", cert(type).toString(), signed.toString()).ok();
    Result other =
        Tools.run(
            "sbverify",
            "--cert",
            cert(type.equals("rsa") ? "ec" : "rsa").toString(),
            signed.toString());
    assertNotEquals(0, other.exitCode(), "sbverify with another certificate");
    Result ossl =
        Tools.run(
            "osslsigncode", "verify", "-in", signed.toString(), "-CAfile", cert(type).toString());
    assertEquals(0, ossl.exitCode(), ossl.stdout() + ossl.stderr());
    assertTrue(ossl.stdout().contains("Number of verified signatures: 1"), ossl.stdout());
    Result pesign = Tools.run("pesign", "-S", "-i", signed.toString()).ok();
    assertEquals(
        1,
        pesign.stdout().lines().filter(l -> l.startsWith("The signer's common name is")).count(),
        pesign.stdout());
    assertTrue(ourVerify(signed, Certificates.load(cert(type))).trusted());
    try (FileChannel ch = FileChannel.open(signed, StandardOpenOption.READ)) {
      PeSignatures s = PeSignatureReader.read(ch, signed.toString());
      assertEquals(s.computedChecksum(), s.checksum(), "PE checksum");
    }
    // deterministic, for EC keys from a file too (RFC 6979)
    assertArrayEquals(
        Files.readAllBytes(signed),
        Files.readAllBytes(mkddiSign(input(file), type, file + "-" + type + "-again.efi")));
  }

  @ParameterizedTest
  @CsvSource({"systemd-boot", "uki"})
  void testSbsign_equalsSbsignGivenItsSigningTime(String file) throws Exception {
    Path theirs = dir.resolve(file + "-sbsign.efi");
    Tools.run(
            "sbsign",
            "--key",
            key("rsa").toString(),
            "--cert",
            cert("rsa").toString(),
            "--output",
            theirs.toString(),
            input(file).toString())
        .ok();
    assertTrue(ourVerify(theirs, Certificates.load(cert("rsa"))).trusted(), "we verify sbsign's");
    Path p7 = dir.resolve(file + "-sbsign.p7");
    Tools.run("sbattach", "--detach", p7.toString(), theirs.toString()).ok();
    Attribute t =
        new CMSSignedData(Files.readAllBytes(p7))
            .getSignerInfos()
            .getSigners()
            .iterator()
            .next()
            .getSignedAttributes()
            .get(PKCSObjectIdentifiers.pkcs_9_at_signingTime);
    Instant when = Time.getInstance(t.getAttrValues().getObjectAt(0)).getDate().toInstant();
    AuthenticodeSigner signer =
        new AuthenticodeSigner(SigningKey.load(key("rsa"), cert("rsa"), null));
    Path ours = dir.resolve(file + "-ours-timed.efi");
    try (FileChannel in = FileChannel.open(input(file), StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                ours,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
      PeSigner.sign(in, out, file, d -> signer.sign(d, Optional.of(when)), ProgressListener.NONE);
    }
    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
  }

  @ParameterizedTest
  @CsvSource({"systemd-boot", "uki"})
  void testVerify_tamperedImageRefused(String file) throws Exception {
    Path signed = mkddiSign(input(file), "rsa", file + "-tamper.efi");
    Tools.flip(signed, Files.size(signed) / 3);
    assertNotEquals(
        0, Tools.run("sbverify", "--cert", cert("rsa").toString(), signed.toString()).exitCode());
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class, () -> ourVerify(signed, Certificates.load(cert("rsa"))));
    assertTrue(e.getMessage().contains("another image"), e.getMessage());
  }
}
