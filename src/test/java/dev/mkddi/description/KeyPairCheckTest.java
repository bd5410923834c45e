package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPairCheckTest {
  @TempDir Path tmp;

  @Test
  void testCheck_rsaAndEcPairs_matchAndMismatch() throws Exception {
    KeyPair rsa = TestKeys.generate("RSA");
    KeyPair ec = TestKeys.generate("EC");
    KeyPair ec2 = TestKeys.generate("EC");
    TestKeys.writeKey(rsa, tmp.resolve("rsa.key"));
    TestKeys.writeCertificate(rsa, tmp.resolve("rsa.crt"));
    TestKeys.writeKey(ec, tmp.resolve("ec.key"));
    TestKeys.writeCertificate(ec, tmp.resolve("ec.crt"));
    TestKeys.writeCertificate(ec2, tmp.resolve("ec2.crt"));
    assertEquals(
        KeyPairCheck.Result.MATCH,
        KeyPairCheck.check(tmp.resolve("rsa.key"), tmp.resolve("rsa.crt")));
    assertEquals(
        KeyPairCheck.Result.MATCH,
        KeyPairCheck.check(tmp.resolve("ec.key"), tmp.resolve("ec.crt")));
    assertEquals(
        KeyPairCheck.Result.MISMATCH,
        KeyPairCheck.check(tmp.resolve("ec.key"), tmp.resolve("ec2.crt")));
    assertEquals(
        KeyPairCheck.Result.MISMATCH,
        KeyPairCheck.check(tmp.resolve("rsa.key"), tmp.resolve("ec.crt")));
  }

  @Test
  void testCheck_encryptedKey_leftToTheBuild() throws Exception {
    KeyPair rsa = TestKeys.generate("RSA");
    Path key = tmp.resolve("enc.key");
    try (Writer w = Files.newBufferedWriter(key);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(
          new JcaPKCS8Generator(
              rsa.getPrivate(),
              new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                  .setProvider(new BouncyCastleProvider())
                  .setPassword("secret".toCharArray())
                  .build()));
    }
    TestKeys.writeCertificate(rsa, tmp.resolve("c.crt"));
    assertEquals(KeyPairCheck.Result.ENCRYPTED, KeyPairCheck.check(key, tmp.resolve("c.crt")));
  }

  @Test
  void testCheck_notPem_oneLineReason() throws Exception {
    KeyPair rsa = TestKeys.generate("RSA");
    TestKeys.writeCertificate(rsa, tmp.resolve("c.crt"));
    Files.writeString(tmp.resolve("junk.key"), "not a key\n");
    assertEquals(
        tmp.resolve("junk.key") + " is not a PEM private key", failure("junk.key", "c.crt"));
    assertEquals(
        tmp.resolve("junk.key") + ": not a PEM or DER X.509 certificate",
        failure("junk.key", "junk.key"));
    assertEquals(
        tmp.resolve("c.crt") + " holds a certificate, not a private key",
        failure("c.crt", "c.crt"));
  }

  /** The message of the IOException {@code KeyPairCheck.check} throws for these files. */
  private String failure(String key, String cert) {
    return assertThrows(
            IOException.class, () -> KeyPairCheck.check(tmp.resolve(key), tmp.resolve(cert)))
        .getMessage();
  }

  @Test
  void testCheck_ed25519_unsupportedKeyType() throws Exception {
    KeyPair rsa = TestKeys.generate("RSA");
    TestKeys.writeCertificate(rsa, tmp.resolve("c.crt"));
    Path ed = tmp.resolve("ed.key");
    try (var in = getClass().getResourceAsStream("/dev/mkddi/sign/ed25519-fail.key")) {
      Files.write(ed, in.readAllBytes());
    }
    IOException e =
        assertThrows(IOException.class, () -> KeyPairCheck.check(ed, tmp.resolve("c.crt")));
    assertEquals(
        ed + ": unsupported key type Ed25519 (expected RSA or EC P-256/P-384/P-521)",
        e.getMessage());
  }
}
