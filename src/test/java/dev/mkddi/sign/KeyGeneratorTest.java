package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGeneratorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:34:56.789Z");

  private static GeneratedKey ec() throws Exception {
    return KeyGenerator.generate(KeyType.EC, "test key", NOW, 30, new SecureRandom());
  }

  @Test
  void testGenerate_ecCertificateFitForVeritySigning() throws Exception {
    GeneratedKey key = ec();
    X509Certificate c = key.certificate();
    assertEquals(3, c.getVersion());
    assertEquals("CN=test key", c.getSubjectX500Principal().getName());
    assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
    assertEquals(Instant.parse("2026-03-01T12:34:56Z"), c.getNotBefore().toInstant());
    assertEquals(
        Instant.parse("2026-03-01T12:34:56Z").plus(Duration.ofDays(30)),
        c.getNotAfter().toInstant());
    assertEquals("SHA256withECDSA", c.getSigAlgName());
    assertEquals(-1, c.getBasicConstraints(), "CA:FALSE");
    boolean[] usage = c.getKeyUsage();
    assertTrue(usage[0], "digitalSignature");
    for (int i = 1; i < usage.length; i++) {
      assertFalse(usage[i], "key usage bit " + i);
    }
    assertEquals(Set.of("2.5.29.19", "2.5.29.15"), c.getCriticalExtensionOIDs());
    assertEquals(Set.of("2.5.29.14", "2.5.29.35"), c.getNonCriticalExtensionOIDs());
    assertEquals(127, c.getSerialNumber().bitLength());
    c.verify(c.getPublicKey());
    assertTrue(KeyMatch.matches(key.privateKey(), c.getPublicKey()));
    assertFalse(key.toString().contains("private"), key.toString());
  }

  @Test
  void testGenerate_rsaIs3072Bits() throws Exception {
    GeneratedKey key = KeyGenerator.generate(KeyType.RSA, "rsa", NOW, 3650, new SecureRandom());
    assertEquals(3072, ((RSAPublicKey) key.certificate().getPublicKey()).getModulus().bitLength());
    assertEquals("SHA256withRSA", key.certificate().getSigAlgName());
    assertTrue(key.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
    byte[] content = "00ff".getBytes(StandardCharsets.US_ASCII);
    Signer signer = new Signer(SigningKey.of(key.privateKey(), key.certificate(), "k", "c"));
    assertTrue(
        SignatureVerifier.verify(signer.sign(content), content, key.certificate()).trusted());
  }

  @Test
  void testGenerate_refusesBadOptions() {
    SecureRandom r = new SecureRandom();
    assertThrows(
        InvalidInputException.class, () -> KeyGenerator.generate(KeyType.EC, " ", NOW, 1, r));
    assertThrows(
        InvalidInputException.class,
        () -> KeyGenerator.generate(KeyType.EC, "x".repeat(65), NOW, 1, r));
    assertThrows(
        InvalidInputException.class, () -> KeyGenerator.generate(KeyType.EC, "x", NOW, 0, r));
    assertThrows(
        InvalidInputException.class,
        () -> KeyGenerator.generate(KeyType.EC, "x", NOW, 3_000_000, r));
  }

  @Test
  void testWrite_keyIsOwnerOnlyAndLoadable(@TempDir Path dir) throws Exception {
    GeneratedKey key = ec();
    Path out = dir.resolve("keys");
    List<Path> files = key.write(out, false);
    assertEquals(List.of(out.resolve("verity.key"), out.resolve("verity.crt")), files);
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
    PemSigningKey loaded = SigningKey.load(files.get(0), files.get(1), null);
    assertEquals(key.certificateFingerprint(), loaded.certificateFingerprint());
    assertArrayEquals(key.privateKey().getEncoded(), loaded.privateKey().getEncoded());
    try (var listing = Files.list(out)) {
      assertEquals(2, listing.count(), "no temporary files left");
    }
  }

  @Test
  void testWrite_refusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("verity.crt"), "keep me");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ec().write(dir, false));
    assertEquals(
        dir.resolve("verity.crt") + ": already exists (give --force to replace it)",
        e.getMessage());
    assertEquals("keep me", Files.readString(dir.resolve("verity.crt")));
    assertFalse(Files.exists(dir.resolve("verity.key")));
  }

  @Test
  void testWrite_forceReplacesAndTightensLeftoverTemp(@TempDir Path dir) throws Exception {
    ec().write(dir, false);
    Path leftover = dir.resolve("verity.key.tmp");
    Files.writeString(leftover, "stale");
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
    GeneratedKey second = ec();
    second.write(dir, true);
    assertEquals(
        second.certificateFingerprint(),
        Certificates.fingerprint(Certificates.load(dir.resolve("verity.crt"))));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("verity.key"))));
    assertFalse(Files.exists(leftover));
  }

  @Test
  void testWrite_outputDirIsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("f");
    Files.writeString(file, "");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ec().write(file, false));
    assertEquals(file + ": not a directory", e.getMessage());
  }
}
