package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signatures that are not a well-formed DER PKCS#7 SignedData: one {@link FormatException} saying
 * what is wrong in mkddi's words, never Bouncy Castle's "IOException reading content." nor one of
 * its RuntimeExceptions.
 */
class SignatureVerifierMalformedTest {
  private static final byte[] CONTENT = Fixtures.rootHash().getBytes(StandardCharsets.US_ASCII);

  private static String problem(byte[] der) {
    FormatException e =
        assertThrows(
            FormatException.class, () -> SignatureVerifier.verify(der, CONTENT, null, "x.p7s"));
    return e.getMessage();
  }

  private static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(Fixtures.path(name));
  }

  @Test
  void testVerify_issuerNameNotUtf8_formatException() throws Exception {
    // found by SignatureVerifierJazzerTest: Bouncy Castle threw IllegalArgumentException("Invalid
    // UTF-8 input") while hashing the signer's issuer name
    byte[] der =
        Files.readAllBytes(
            Path.of(
                SignatureVerifierMalformedTest.class
                    .getResource(
                        "SignatureVerifierJazzerTestInputs/verify/crash-issuer-not-utf8.p7s")
                    .toURI()));
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: malformed PKCS#7 SignedData: Invalid UTF-8 input",
        problem(der));
  }

  /**
   * Found by the flip sweep: one byte of rsa.p7s changed, Bouncy Castle still verified it, the
   * kernel's PKCS#7 parser refuses it.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // the outer ContentInfo's type (Bouncy Castle read the SignedData whatever it said)
        "14|02|03|content type 1.2.840.113549.1.7.3, expected PKCS#7 SignedData"
            + " (1.2.840.113549.1.7.2)",
        // eContentType (Bouncy Castle takes the type of the detached content instead)
        "55|01|03|encapsulated content type 1.2.840.113549.1.7.3, expected id-data"
            + " (1.2.840.113549.1.7.1), as the kernel requires",
        // SignerInfo.version
        "874|01|81|SignerInfo version -127, expected 1 (signer named by issuer and serial number)",
      })
  void testVerify_fieldTheKernelRefuses_formatException(
      int offset, String was, String now, String message) throws Exception {
    byte[] der = fixture("rsa.p7s");
    assertEquals(HexFormat.of().parseHex(was)[0], der[offset], "the byte at " + offset);
    der[offset] = HexFormat.of().parseHex(now)[0];
    assertEquals("x.p7s: offset 0: PKCS#7 signature: " + message, problem(der));
  }

  @Test
  void testVerify_damagedEmbeddedCertificateWithPinnedCertificate_formatException()
      throws Exception {
    // the certificate's tbsCertificate.signature no longer matches its signatureAlgorithm: the
    // kernel's X.509 parser refuses it; with a pinned certificate it was never parsed
    byte[] der = fixture("rsa.p7s");
    assertEquals(0x0b, der[88], "the last byte of the OID sha256WithRSAEncryption");
    der[88] = 0x0c;
    X509Certificate pinned = Certificates.load(Fixtures.path("test-only-rsa.crt"));
    FormatException e =
        assertThrows(
            FormatException.class, () -> SignatureVerifier.verify(der, CONTENT, pinned, "x.p7s"));
    assertTrue(
        e.getMessage()
            .startsWith("x.p7s: offset 0: PKCS#7 signature: embedded certificate 1 is malformed: "),
        e.getMessage());
  }

  @Test
  void testVerify_garbage_saysNotDerInsteadOfReadingContent() {
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: expected a DER SEQUENCE (first byte 0x30), got 0x01:"
            + " not a DER PKCS#7 SignedData",
        problem(new byte[] {1, 2, 3}));
  }

  @Test
  void testVerify_empty() {
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: the signature is empty; expected a DER PKCS#7"
            + " SignedData",
        problem(new byte[0]));
  }

  @Test
  void testVerify_pem_saysConvertToDer() {
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: PEM text, expected DER (convert with: openssl pkcs7"
            + " -in FILE -outform DER)",
        problem("-----BEGIN PKCS7-----\nMIIB\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void testVerify_truncated_saysMalformedDer() throws Exception {
    byte[] der = fixture("rsa.p7s");
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: malformed DER (truncated, or a length that does not"
            + " fit the data)",
        problem(Arrays.copyOf(der, der.length / 2)));
  }

  @Test
  void testVerify_otherContentType_named() {
    // ContentInfo { id-data, [0] OCTET STRING "" }
    byte[] data = HexFormat.of().parseHex("300f06092a864886f70d010701a0020400");
    assertEquals(
        "x.p7s: offset 0: PKCS#7 signature: DER of content type 1.2.840.113549.1.7.1, expected"
            + " PKCS#7 SignedData (1.2.840.113549.1.7.2)",
        problem(data));
  }

  @Test
  void testVerify_signedDataWithWrongInnerType_saysWhichInOurWords() {
    // ContentInfo { id-signedData, [0] INTEGER 0 }: the content is not a SignedData SEQUENCE
    byte[] der = HexFormat.of().parseHex("301006092a864886f70d010702a003020100");
    String m = problem(der);
    assertTrue(m.startsWith("x.p7s: offset 0: PKCS#7 signature: malformed PKCS#7 SignedData: "), m);
    assertFalse(m.contains("IOException"), m);
  }
}
