package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import dev.mkddi.it.Tools.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signatures checked against OpenSSL both ways, and {@code mkddi genkey} output used by OpenSSL.
 * The verify command is systemd's and the kernel's check done in userspace: {@code -nointern} pins
 * the signer certificate, {@code -noverify} skips the chain.
 */
class SignIT {
  private static final String ROOT_HASH =
      "35799313508465e05c1345437b9dde0635056ec5a0ccccfed8e9d5aff8191669";

  @TempDir static Path dir;
  private static Path content;

  @BeforeAll
  static void setUp() throws Exception {
    Tools.require("openssl");
    content = dir.resolve("image.roothash");
    Files.writeString(content, ROOT_HASH, StandardCharsets.US_ASCII);
  }

  /** Runs {@code mkddi genkey} of a type into a fresh directory; returns {key, cert}. */
  private static Path[] genkey(String type) throws Exception {
    Path out = Files.createTempDirectory(dir, "genkey-" + type);
    Tools.mkddi("genkey", "--output-dir", out.toString(), "--type", type).ok();
    return new Path[] {out.resolve("verity.key"), out.resolve("verity.crt")};
  }

  private static Path[] fixture(String type) {
    return new Path[] {
      Fixtures.path("test-only-" + type + ".key"), Fixtures.path("test-only-" + type + ".crt")
    };
  }

  /** {@code openssl smime -verify} of our content, pinned to {@code cert} as systemd does. */
  private static Result opensslVerify(Path sig, Path cert) throws Exception {
    return opensslVerify(sig, "-noverify", "-nointern", "-certfile", cert.toString());
  }

  private static Result opensslVerify(Path sig, String... trust) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "smime", "-verify", "-binary"));
    cmd.addAll(List.of("-inform", "der", "-content", content.toString(), "-in", sig.toString()));
    cmd.addAll(List.of(trust));
    cmd.addAll(List.of("-out", "/dev/null"));
    return Tools.run(null, cmd);
  }

  private static Path opensslSign(Path key, Path cert, String... extra) throws Exception {
    Path sig = Files.createTempFile(dir, "openssl", ".p7s");
    List<String> cmd =
        new ArrayList<>(List.of("openssl", "smime", "-sign", "-binary", "-outform", "der"));
    cmd.addAll(List.of(extra));
    cmd.addAll(
        List.of(
            "-inkey",
            key.toString(),
            "-signer",
            cert.toString(),
            "-in",
            content.toString(),
            "-out",
            sig.toString()));
    Tools.run(null, cmd).ok();
    return sig;
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixture-rsa", "fixture-ec", "genkey-rsa", "genkey-ec"})
  void testOurSignature_opensslVerifiesPinned(String source) throws Exception {
    String type = source.substring(source.indexOf('-') + 1);
    Path[] kc = source.startsWith("genkey") ? genkey(type) : fixture(type);
    Signer signer = Signer.load(kc[0], kc[1], null);
    Path sig = dir.resolve(source + ".p7s");
    Files.write(sig, signer.signRootHash(ROOT_HASH));
    Result r = opensslVerify(sig, kc[1]);
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("Verification successful"), r.stderr());
    // pinned: another certificate must not verify it
    Path other = fixture(type.equals("rsa") ? "ec" : "rsa")[1];
    assertNotEquals(0, opensslVerify(sig, other).exitCode());
    // the sig partition JSON round trip carries the same bytes
    byte[] part =
        SignaturePartition.encode(
            ROOT_HASH, signer.certificateFingerprint(), Files.readAllBytes(sig));
    assertArrayEquals(Files.readAllBytes(sig), SignaturePartition.decode(part, source).signature());
  }

  /** The certificate fingerprint equals {@code openssl x509 -outform DER | sha256sum}. */
  private static void assertFingerprintMatchesOpenssl(Path cert) throws Exception {
    Result r =
        Tools.run(
            "sh", "-c", "openssl x509 -in '" + cert + "' -outform DER | sha256sum | cut -c1-64");
    assertEquals(r.ok().stdout().trim(), Certificates.fingerprint(Certificates.load(cert)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testOpensslSignature_weVerify(String type) throws Exception {
    Path[] kc = genkey(type);
    assertFingerprintMatchesOpenssl(kc[1]);
    byte[] noattr = Files.readAllBytes(opensslSign(kc[0], kc[1], "-noattr"));
    byte[] content = ROOT_HASH.getBytes(StandardCharsets.US_ASCII);
    SignatureCheck check = SignatureVerifier.verify(noattr, content, Certificates.load(kc[1]));
    assertTrue(check.trusted());
    assertEquals(
        SignerTrust.EMBEDDED_CERTIFICATE_ONLY,
        SignatureVerifier.verify(noattr, content, null).trust());
    // with signed attributes (openssl's default) it verifies too
    byte[] attrs = Files.readAllBytes(opensslSign(kc[0], kc[1]));
    assertTrue(SignatureVerifier.verify(attrs, content, Certificates.load(kc[1])).trusted());
    if (type.equals("rsa")) {
      // PKCS#1 v1.5 is deterministic: our bytes are OpenSSL's
      assertArrayEquals(noattr, Signer.load(kc[0], kc[1], null).signRootHash(ROOT_HASH));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testGenkey_opensslAcceptsKeyAndCertificate(String type) throws Exception {
    Path[] kc = genkey(type);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kc[0])));
    Result x509 = Tools.run("openssl", "x509", "-in", kc[1].toString(), "-noout", "-text").ok();
    assertTrue(x509.stdout().contains("CN = mkddi verity signing key"), x509.stdout());
    assertTrue(x509.stdout().contains("CA:FALSE"), x509.stdout());
    assertTrue(x509.stdout().contains("Digital Signature"), x509.stdout());
    assertTrue(
        x509.stdout().contains(type.equals("rsa") ? "(3072 bit)" : "(256 bit)"), x509.stdout());
    Tools.run("openssl", "pkey", "-in", kc[0].toString(), "-noout", "-check").ok();
    Tools.run("openssl", "x509", "-in", kc[1].toString(), "-noout", "-checkend", "0").ok();
    Tools.run("openssl", "verify", "-CAfile", kc[1].toString(), kc[1].toString()).ok();
    // usable for openssl's own signing, and trusted as a CA file instead of -noverify
    Path sig = opensslSign(kc[0], kc[1], "-noattr");
    Result r = opensslVerify(sig, "-CAfile", kc[1].toString());
    assertEquals(0, r.exitCode(), r.stderr());
  }

  @Test
  void testEncryptedKey_fromOpensslWithPasswordFile() throws Exception {
    Path[] kc = genkey("ec");
    Path enc = dir.resolve("enc.key");
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "a password\n");
    Tools.run(
            "openssl",
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            kc[0].toString(),
            "-passout",
            "file:" + pw,
            "-out",
            enc.toString())
        .ok();
    byte[] plain = Signer.load(kc[0], kc[1], null).signRootHash(ROOT_HASH);
    byte[] viaPassword =
        Signer.load(enc, kc[1], SigningKey.readPassword(pw)).signRootHash(ROOT_HASH);
    assertArrayEquals(plain, viaPassword);
  }
}
