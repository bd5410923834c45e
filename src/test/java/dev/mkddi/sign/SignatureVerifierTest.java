package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.FormatException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerifierTest {
  private static final byte[] CONTENT = Fixtures.rootHash().getBytes(StandardCharsets.US_ASCII);

  private static X509Certificate cert(String name) throws Exception {
    return Certificates.load(Fixtures.path(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testVerify_opensslSignaturePinned(String type) throws Exception {
    SignatureCheck check =
        SignatureVerifier.verify(
            Fixtures.bytes(type + ".p7s"), CONTENT, cert("test-only-" + type + ".crt"));
    assertEquals(SignerTrust.PINNED_CERTIFICATE, check.trust());
    assertTrue(check.trusted());
    assertEquals(
        Certificates.fingerprint(cert("test-only-" + type + ".crt")), check.signerFingerprint());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testVerify_embeddedOnlyIsIntegrityNotTrust(String type) throws Exception {
    SignatureCheck check = SignatureVerifier.verify(Fixtures.bytes(type + ".p7s"), CONTENT, null);
    assertEquals(SignerTrust.EMBEDDED_CERTIFICATE_ONLY, check.trust());
    assertFalse(check.trusted());
    assertTrue(check.summary().contains("integrity, not trust"), check.summary());
    assertEquals(cert("test-only-" + type + ".crt"), check.signer());
  }

  @Test
  void testVerify_contentWithNewlineFails() throws Exception {
    byte[] withNewline = (Fixtures.rootHash() + "\n").getBytes(StandardCharsets.US_ASCII);
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class,
            () ->
                SignatureVerifier.verify(
                    Fixtures.bytes("rsa.p7s"), withNewline, cert("test-only-rsa.crt")));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void testVerify_upperCaseContentFails() throws Exception {
    byte[] upper = Fixtures.rootHash().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    assertThrows(
        CheckFailedException.class,
        () -> SignatureVerifier.verify(Fixtures.bytes("ec.p7s"), upper, null));
  }

  @Test
  void testVerify_wrongPinnedCertificateFails() throws Exception {
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class,
            () ->
                SignatureVerifier.verify(
                    Fixtures.bytes("rsa.p7s"), CONTENT, cert("test-only-ec.crt"), "img.raw"));
    // both named by subject and fingerprint: two certificates may share a subject
    X509Certificate given = cert("test-only-ec.crt");
    X509Certificate signer = cert("test-only-rsa.crt");
    assertEquals(
        "img.raw: signed by "
            + signer.getSubjectX500Principal().getName()
            + " (sha256 "
            + Certificates.fingerprint(signer)
            + "), not by the given certificate "
            + given.getSubjectX500Principal().getName()
            + " (sha256 "
            + Certificates.fingerprint(given)
            + ")",
        e.getMessage());
  }

  @Test
  void testVerify_noEmbeddedCertificateNeedsPin() throws Exception {
    byte[] der = Fixtures.bytes("rsa-nocerts.p7s");
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class, () -> SignatureVerifier.verify(der, CONTENT, null));
    assertTrue(e.getMessage().contains("embeds no signer certificate"), e.getMessage());
    assertTrue(SignatureVerifier.verify(der, CONTENT, cert("test-only-rsa.crt")).trusted());
  }

  @Test
  void testVerify_flippedSignatureByteFails() throws Exception {
    byte[] der = Fixtures.bytes("rsa.p7s");
    der[der.length - 1] ^= 1; // last byte of the RSA signature value
    assertThrows(
        CheckFailedException.class,
        () -> SignatureVerifier.verify(der, CONTENT, cert("test-only-rsa.crt")));
  }

  @Test
  void testVerify_signatureAlgorithmTheKernelRefusesFails() throws Exception {
    // The SignerInfo's signature algorithm rsaEncryption turned into sha1WithRSAEncryption (one
    // bit): OpenSSL and Bouncy Castle still verify it, the kernel's PKCS#7 parser refuses it
    byte[] der = Fixtures.bytes("rsa.p7s");
    byte[] rsaEncryption = {6, 9, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 13, 1, 1, 1};
    int at = lastIndexOf(der, rsaEncryption);
    assertTrue(at > 0);
    der[at + rsaEncryption.length - 1] = 5;
    FormatException e = refusedWithRsaPinned(der);
    assertTrue(e.getMessage().contains("signature algorithm 1.2.840.113549.1.1.5"), e.getMessage());
  }

  @Test
  void testVerify_digestAlgorithmTheKernelRefusesFails() throws Exception {
    byte[] der = Fixtures.bytes("rsa.p7s");
    byte[] sha256 = {6, 9, 0x60, (byte) 0x86, 0x48, 1, 0x65, 3, 4, 2, 1};
    int at = lastIndexOf(der, sha256);
    assertTrue(at > 0);
    der[at + sha256.length - 1] = 99; // no hash the kernel knows
    FormatException e = refusedWithRsaPinned(der);
    assertTrue(e.getMessage().contains("digest algorithm 2.16.840.1.101.3.4.2.99"), e.getMessage());
  }

  @Test
  void testVerify_unknownDigestInSignedDataDigestAlgorithmsFails() throws Exception {
    // FlipSweepTest seed 40821793577822: one bit of SignedData.digestAlgorithms turned sha256
    // (2.16.840.1.101.3.4.2.1) into 2.16.840.1.100.3.4.2.1. Bouncy Castle and the kernel ignore
    // that list; OpenSSL's PKCS7_verify fails ("unknown digest type")
    byte[] der = Fixtures.bytes("rsa.p7s");
    int at = listedSha256(der);
    der[at + 6] = 0x64;
    FormatException e = refusedWithRsaPinned(der);
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: SignedData digestAlgorithms lists"
            + " 2.16.840.1.100.3.4.2.1, expected digests OpenSSL and the kernel know (sha1,"
            + " sha224, sha256, sha384, sha512)",
        e.getMessage());
  }

  @Test
  void testVerify_signerDigestMissingFromSignedDataDigestAlgorithmsFails() throws Exception {
    // sha256 listed as sha384: OpenSSL's PKCS7_verify "unable to find message digest"
    byte[] der = Fixtures.bytes("rsa.p7s");
    int at = listedSha256(der);
    der[at + SHA256_OID.length - 1] = 2;
    FormatException e = refusedWithRsaPinned(der);
    assertTrue(
        e.getMessage()
            .endsWith(
                "SignerInfo digest algorithm sha256 is not in SignedData digestAlgorithms"
                    + " (sha384)"),
        e.getMessage());
  }

  /**
   * Single-bit flips in rsa.p7s's embedded certificate (offsets from {@code openssl asn1parse})
   * that Bouncy Castle and the JDK let pass with a pinned certificate and OpenSSL's PKCS7_verify
   * refuses; an exhaustive sweep of every bit of rsa.p7s and ec.p7s found no other such flip.
   */
  @ParameterizedTest
  @CsvSource({
    "56, 0, 'CRL 1 is not an X.509 CRL'", // certificates [0] -> crls [1], holding a certificate
    "60, 0, 'embedded certificate 1 is not an X.509 certificate: tag 0x31'", // SEQUENCE -> SET
    "110, 7, 'embedded certificate 1 issuer attribute 2.5.4.3: tag 0x0c has content no text'",
    "178, 4, 'embedded certificate 1 subject attribute 2.5.4.3: tag 0x1c has content no text'",
    "178, 3, 'embedded certificate 1 subject attribute 2.5.4.3: tag 0x04 is not a string type'"
  })
  void testVerify_embeddedCertificateOpensslRefusesFails(int offset, int bit, String expected)
      throws Exception {
    byte[] der = Fixtures.bytes("rsa.p7s");
    der[offset] ^= (byte) (1 << bit);
    FormatException e = refusedWithRsaPinned(der);
    assertTrue(
        e.getMessage().startsWith("x.p7s: offset 0: PKCS#7 signature: " + expected),
        e.getMessage());
  }

  private static final byte[] SHA256_OID = {6, 9, 0x60, (byte) 0x86, 0x48, 1, 0x65, 3, 4, 2, 1};

  /** Where SignedData.digestAlgorithms names sha256 (before the SignerInfo's digest algorithm). */
  private static int listedSha256(byte[] der) {
    int at = indexOf(der, SHA256_OID);
    assertTrue(at > 0 && at < lastIndexOf(der, SHA256_OID));
    return at;
  }

  private static FormatException refusedWithRsaPinned(byte[] der) {
    return assertThrows(
        FormatException.class,
        () -> SignatureVerifier.verify(der, CONTENT, cert("test-only-rsa.crt"), "x.p7s"));
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    for (int i = 0; i + pattern.length <= data.length; i++) {
      if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] data, byte[] pattern) {
    for (int i = data.length - pattern.length; i >= 0; i--) {
      if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void testVerify_garbageIsFormatException() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> SignatureVerifier.verify(new byte[] {1, 2, 3}, CONTENT, null, "x.p7s"));
    assertTrue(e.getMessage().startsWith("x.p7s: offset 0: PKCS#7 signature"), e.getMessage());
  }

  @Test
  void testVerify_ourSignaturesRoundTrip() throws Exception {
    for (Signer s : new Signer[] {Fixtures.rsa(), Fixtures.ec()}) {
      byte[] der = s.sign(CONTENT);
      assertTrue(SignatureVerifier.verify(der, CONTENT, s.key().certificate()).trusted());
    }
  }
}
