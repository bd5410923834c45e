package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {
  private static final char[] PASSWORD = Fixtures.PASSWORD.toCharArray();

  /** Every encoding of a key signs like the plain PKCS#8 key (RSA: like OpenSSL). */
  @ParameterizedTest
  @CsvSource({
    "test-only-rsa.key, rsa",
    "rsa-pkcs1.key, rsa",
    "rsa-pkcs8-aes.key, rsa",
    "rsa-legacy-aes.key, rsa",
    "rsa-legacy-des3.key, rsa",
    "test-only-ec.key, ec",
    "ec-sec1.key, ec",
    "ec-sec1-params.key, ec",
    "ec-pkcs8-scrypt.key, ec",
    "ec-legacy-aes.key, ec"
  })
  void testLoad_keyEncodingsSignIdentically(String keyFile, String type) throws Exception {
    Path cert = Fixtures.path("test-only-" + type + ".crt");
    Signer s = Signer.load(Fixtures.path(keyFile), cert, PASSWORD);
    assertEquals(KeyType.valueOf(type.toUpperCase(java.util.Locale.ROOT)), s.key().type());
    Signer plain = type.equals("rsa") ? Fixtures.rsa() : Fixtures.ec();
    assertArrayEquals(plain.signRootHash(Fixtures.rootHash()), s.signRootHash(Fixtures.rootHash()));
  }

  @Test
  void testLoad_derCertificate() throws Exception {
    SigningKey k =
        SigningKey.load(
            Fixtures.path("test-only-rsa.key"), Fixtures.path("test-only-rsa-crt.der"), null);
    assertEquals(Fixtures.rsa().certificateFingerprint(), k.certificateFingerprint());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rsa-pkcs8-aes.key|test-only-rsa.crt|the private key is encrypted; give its password",
        "rsa-legacy-aes.key|test-only-rsa.crt|the private key is encrypted; give its password",
        "ed25519-fail.key|test-only-rsa.crt|unsupported key type Ed25519 (expected RSA or EC"
            + " P-256/P-384/P-521)",
        "rsa1024-fail.key|test-only-rsa.crt|RSA key of 1024 bits is too weak",
        "secp256k1-fail.key|test-only-ec.crt|unsupported EC curve 1.3.132.0.10",
        "ec-explicit-fail.key|test-only-ec.crt|unsupported EC curve (explicit parameters)",
        "public-only-fail.key|test-only-rsa.crt|no private key found",
        "garbage-fail.key|test-only-rsa.crt|no private key found",
        "bad-base64-fail.key|test-only-rsa.crt|malformed PEM private key",
        "test-only-ec.key|test-only-rsa.crt|an EC key does not belong to",
      })
  void testLoad_badKeyNamesTheKeyFile(String key, String cert, String message) {
    Path keyPath = Fixtures.path(key);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> SigningKey.load(keyPath, Fixtures.path(cert), null));
    assertTrue(e.getMessage().startsWith(keyPath + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa-pkcs8-aes.key", "rsa-legacy-aes.key", "ec-pkcs8-scrypt.key"})
  void testLoad_wrongPassword(String key) {
    Path keyPath = Fixtures.path(key);
    String cert = key.startsWith("rsa") ? "test-only-rsa.crt" : "test-only-ec.crt";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SigningKey.load(keyPath, Fixtures.path(cert), "wrong".toCharArray()));
    assertTrue(e.getMessage().startsWith(keyPath + ": cannot decrypt"), e.getMessage());
  }

  @Test
  void testLoad_garbageCertificateNamesTheFile() {
    Path cert = Fixtures.path("garbage-fail.crt");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SigningKey.load(Fixtures.path("test-only-rsa.key"), cert, null));
    assertTrue(e.getMessage().startsWith(cert + ": not an X.509 certificate"), e.getMessage());
  }

  @Test
  void testLoad_pemWithoutCertificate() {
    Path notCert = Fixtures.path("test-only-rsa.key");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Certificates.load(notCert));
    assertTrue(e.getMessage().startsWith(notCert + ": no certificate found"), e.getMessage());
  }

  @Test
  void testKeyMatch_otherRsaKeyDoesNotBelong() {
    Path key = Fixtures.path("other-rsa.key");
    Path cert = Fixtures.path("test-only-rsa.crt");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SigningKey.load(key, cert, null));
    assertEquals(
        key
            + ": the private key does not belong to the certificate "
            + cert
            + " (its public key differs)",
        e.getMessage());
  }

  @Test
  void testLoadUnlessEncrypted_checksPlainKeysAndLeavesEncryptedOnes() throws Exception {
    Path cert = Fixtures.path("test-only-rsa.crt");
    X509Certificate c = Certificates.load(cert);
    assertTrue(
        SigningKey.loadUnlessEncrypted(Fixtures.path("test-only-rsa.key"), c, cert.toString())
            .isPresent());
    assertTrue(
        SigningKey.loadUnlessEncrypted(Fixtures.path("rsa-pkcs8-aes.key"), c, cert.toString())
            .isEmpty());
    Path other = Fixtures.path("other-rsa.key");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SigningKey.loadUnlessEncrypted(other, c, cert.toString()));
    assertTrue(e.getMessage().startsWith(other + ": the private key does not belong"));
  }

  @Test
  void testKeyMatch_otherEcKeyDoesNotBelong() throws Exception {
    GeneratedKey other =
        KeyGenerator.generate(KeyType.EC, "x", Instant.EPOCH, 1, new java.security.SecureRandom());
    assertFalse(
        KeyMatch.matches(other.privateKey(), Fixtures.ec().key().certificate().getPublicKey()));
    assertTrue(
        KeyMatch.matches(
            ((PemSigningKey) Fixtures.ec().key()).privateKey(),
            Fixtures.ec().key().certificate().getPublicKey()));
  }

  @Test
  void testReadPassword_firstLineWithoutLineEnd(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("pw");
    Files.writeString(f, "sécret\r\nsecond line\n");
    assertArrayEquals("sécret".toCharArray(), SigningKey.readPassword(f));
    assertArrayEquals(PASSWORD, SigningKey.readPassword(Fixtures.path("password.txt")));
    Files.writeString(f, "\n");
    assertThrows(InvalidInputException.class, () -> SigningKey.readPassword(f));
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class, () -> SigningKey.readPassword(dir.resolve("none")));
    assertEquals(
        "--key-password-file: " + dir.resolve("none") + " does not exist", missing.getMessage());
    assertEquals(ExitCode.INVALID_INPUT, missing.exitCode());
  }

  @Test
  void testReason_noJavaClassNames() {
    assertEquals(
        "subject public key: Invalid RSA public key",
        PrivateKeys.reason(
            new java.io.IOException(
                "java.io.IOException: subject key, java.security.InvalidKeyException: Invalid RSA"
                    + " public key")));
  }
}
