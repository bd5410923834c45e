package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.io.ExitCode;
import dev.mkddi.sign.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-stage signing: {@code build --defer-signature}, then {@code sign}. */
class SignCommandTest {
  private static final String BASE = "t.x86_64-1.0";
  private static final List<String> FILES = List.of(".raw", ".roothash", ".roothash.p7s", ".json");

  @TempDir Path dir;
  private Path desc;
  private final String key = TestImages.signFixture("test-only-rsa.key").toString();
  private final String cert = TestImages.signFixture("test-only-rsa.crt").toString();

  @BeforeEach
  void setUp() throws Exception {
    desc = TestImages.description(dir.resolve("d"), "verity_partition=\"true\"");
  }

  private Path build(String name, String... more) {
    Path target = dir.resolve(name);
    List<Object> args =
        new java.util.ArrayList<>(
            List.of("build", desc, "--target-dir", target, "--seed", TestImages.SEED));
    args.addAll(List.of(more));
    CliRun r = new CliRun(args.toArray());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    return target;
  }

  private static byte[] sha256(Path f) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
  }

  private static void assertSameOutputs(Path expected, Path actual) throws Exception {
    for (String suffix : FILES) {
      assertArrayEquals(
          sha256(expected.resolve(BASE + suffix)), sha256(actual.resolve(BASE + suffix)), suffix);
    }
  }

  @Test
  void testSign_withKeyEqualsOneStageBuild() throws Exception {
    Path one = build("one", "--signing-key", key, "--certificate", cert);
    Path two = build("two", "--defer-signature");
    assertEquals(Files.size(one.resolve(BASE + ".raw")), Files.size(two.resolve(BASE + ".raw")));
    assertFalse(Files.exists(two.resolve(BASE + ".roothash.p7s")));
    assertArrayEquals(
        Files.readAllBytes(one.resolve(BASE + ".roothash")),
        Files.readAllBytes(two.resolve(BASE + ".roothash")));
    Path image = two.resolve(BASE + ".raw");
    CliRun deferred = new CliRun("verify", image);
    assertEquals(ExitCode.OK, deferred.code, deferred.out + "" + deferred.err);
    assertTrue(
        deferred.out.toString().contains("the signature was deferred"), deferred.out.toString());
    assertEquals(ExitCode.CHECK_FAILED, new CliRun("verify", image, "--certificate", cert).code);
    CliRun r = new CliRun("sign", image, "--signing-key", key, "--certificate", cert);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(r.out.toString().startsWith(image + ": root hash "), r.out.toString());
    assertSameOutputs(one, two);
    CliRun verify = new CliRun("verify", image, "--certificate", cert);
    assertEquals(ExitCode.OK, verify.code, verify.out + "" + verify.err);
  }

  @Test
  void testSign_signatureFromElsewhereEqualsOneStageBuild() throws Exception {
    Path one = build("one", "--signing-key", key, "--certificate", cert);
    Path two = build("two", "--defer-signature");
    String hex = Files.readString(two.resolve(BASE + ".roothash")).strip();
    Path p7s =
        Files.write(
            dir.resolve("service.p7s"),
            Signer.load(Path.of(key), Path.of(cert), null).signRootHash(hex));
    CliRun r =
        new CliRun("sign", two.resolve(BASE + ".raw"), "--signature", p7s, "--certificate", cert);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertSameOutputs(one, two);
  }

  @Test
  void testSign_ecdsa_warnsForASignatureFromElsewhereNotForAPemKey() throws Exception {
    String ecKey = TestImages.signFixture("test-only-ec.key").toString();
    String ecCert = TestImages.signFixture("test-only-ec.crt").toString();
    Path one = build("one", "--signing-key", ecKey, "--certificate", ecCert);
    Path two = build("two", "--defer-signature");
    CliRun pem =
        new CliRun(
            "sign", two.resolve(BASE + ".raw"), "--signing-key", ecKey, "--certificate", ecCert);
    assertEquals(ExitCode.OK, pem.code, pem.err.toString());
    assertEquals("", pem.err.toString(), "a PEM EC key signs deterministically (RFC 6979)");
    assertSameOutputs(one, two);
    Path three = build("three", "--defer-signature");
    String hex = Files.readString(three.resolve(BASE + ".roothash")).strip();
    Path p7s =
        Files.write(
            dir.resolve("service.p7s"),
            Signer.load(Path.of(ecKey), Path.of(ecCert), null).signRootHash(hex));
    CliRun service =
        new CliRun(
            "sign", three.resolve(BASE + ".raw"), "--signature", p7s, "--certificate", ecCert);
    assertEquals(ExitCode.OK, service.code, service.err.toString());
    assertEquals(
        "warning: "
            + p7s
            + ": an ECDSA signature is byte-identical to a one-stage signed build only when both"
            + " drew the same nonce: mkddi derives it from the key and the root hash (RFC 6979), a"
            + " token or signing service usually draws a random one, and then the signature"
            + " partition, .roothash.p7s and .json differ (RSA signatures are deterministic)\n",
        service.err.toString());
    CliRun rsa =
        new CliRun(
            "sign",
            build("four", "--defer-signature").resolve(BASE + ".raw"),
            "--signing-key",
            key,
            "--certificate",
            cert);
    assertEquals("", rsa.err.toString());
  }

  @Test
  void testSign_refusalsLeaveTheImageUntouched() throws Exception {
    Path two = build("two", "--defer-signature");
    Path image = two.resolve(BASE + ".raw");
    byte[] before = sha256(image);
    byte[] json = Files.readAllBytes(two.resolve(BASE + ".json"));
    // a signature over another root hash
    Path p7s =
        Files.write(
            dir.resolve("other.p7s"),
            Signer.load(Path.of(key), Path.of(cert), null).signRootHash("00".repeat(32)));
    CliRun other = new CliRun("sign", image, "--signature", p7s, "--certificate", cert);
    assertEquals(ExitCode.CHECK_FAILED, other.code, other.err.toString());
    assertTrue(other.errLine().startsWith("mkddi: the signature of root hash "), other.errLine());
    // the right root hash, another certificate
    String hex = Files.readString(two.resolve(BASE + ".roothash")).strip();
    Files.write(p7s, Signer.load(Path.of(key), Path.of(cert), null).signRootHash(hex));
    String ec = TestImages.signFixture("test-only-ec.crt").toString();
    CliRun wrongCert = new CliRun("sign", image, "--signature", p7s, "--certificate", ec);
    assertEquals(ExitCode.CHECK_FAILED, wrongCert.code, wrongCert.err.toString());
    wrongCert.errLine();
    // neither or both ways
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("sign", image).code);
    assertEquals(
        ExitCode.INVALID_INPUT,
        new CliRun("sign", image, "--signature", p7s, "--signing-key", key).code);
    assertArrayEquals(before, sha256(image));
    assertArrayEquals(json, Files.readAllBytes(two.resolve(BASE + ".json")));
    assertFalse(Files.exists(two.resolve(BASE + ".roothash.p7s")));
    // signed once; a second time is refused
    assertEquals(
        ExitCode.OK, new CliRun("sign", image, "--signature", p7s, "--certificate", cert).code);
    byte[] signed = sha256(image);
    CliRun again = new CliRun("sign", image, "--signature", p7s, "--certificate", cert);
    assertEquals(ExitCode.INVALID_INPUT, again.code);
    assertTrue(again.errLine().contains("already signed"), again.errLine());
    assertArrayEquals(signed, sha256(image));
  }

  @Test
  void testSign_imageWithoutAReservedPartition_refused() throws Exception {
    Path plain = build("plain");
    Path image = plain.resolve(BASE + ".raw");
    byte[] before = sha256(image);
    CliRun r = new CliRun("sign", image, "--signing-key", key, "--certificate", cert);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi: "
            + image
            + ": has 0 signature partitions, expected 1; build with --defer-signature (and"
            + " verity_partition=\"true\") to reserve one",
        r.errLine());
    assertArrayEquals(before, sha256(image));
    Path missing = dir.resolve("nothing.raw");
    assertEquals(
        "mkddi: " + missing + ": does not exist",
        new CliRun("sign", missing, "--signing-key", key, "--certificate", cert).errLine());
  }
}
