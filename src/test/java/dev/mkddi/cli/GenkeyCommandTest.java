package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenkeyCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void testGenkey_writesKeyAndCertificate(@TempDir Path dir) throws Exception {
    int code =
        run(
            "genkey",
            "--output-dir",
            dir.toString(),
            "--type",
            "ec",
            "--common-name",
            "Test CN",
            "--days",
            "10");
    assertEquals(ExitCode.OK, code, err.toString());
    assertTrue(out.toString().contains("verity.key (EC P-256 private key"), out.toString());
    assertTrue(out.toString().contains("CN=Test CN, valid until "), out.toString());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("verity.key"))));
    assertTrue(
        Files.readString(dir.resolve("verity.crt")).startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void testGenkey_existingFilesNeedForce(@TempDir Path dir) throws Exception {
    assertEquals(ExitCode.OK, run("genkey", "--output-dir", dir.toString(), "--type", "EC"));
    byte[] first = Files.readAllBytes(dir.resolve("verity.key"));
    assertEquals(
        ExitCode.INVALID_INPUT, run("genkey", "--output-dir", dir.toString(), "--type", "ec"));
    assertEquals(
        "mkddi: " + dir.resolve("verity.key") + ": already exists (give --force to replace it)\n",
        err.toString());
    assertEquals(new String(first), Files.readString(dir.resolve("verity.key")));
    assertEquals(
        ExitCode.OK, run("genkey", "--output-dir", dir.toString(), "--type", "ec", "--force"));
  }

  @Test
  void testGenkey_badOptions(@TempDir Path dir) {
    assertEquals(
        ExitCode.INVALID_INPUT, run("genkey", "--output-dir", dir.toString(), "--days", "0"));
    assertTrue(err.toString().startsWith("mkddi: --days: expected 1 or more"), err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT, run("genkey", "--output-dir", dir.toString(), "--type", "dsa"));
    assertEquals(ExitCode.INVALID_INPUT, run("genkey"));
  }

  @Test
  void testGenkey_tokenOptionsChecked(@TempDir Path dir) throws Exception {
    assertEquals(
        ExitCode.INVALID_INPUT,
        run("genkey", "--output-dir", dir.toString(), "--key-password-file", "pin"));
    assertTrue(err.toString().contains("needs --pkcs11-uri"), err.toString());
    assertEquals(ExitCode.INVALID_INPUT, run("genkey", "--pkcs11-uri", "pkcs11:token=t"));
    assertTrue(err.toString().contains("name the new key with object=LABEL"), err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT,
        run(
            "genkey",
            "--pkcs11-uri",
            "pkcs11:token=t;object=k?module-path=/nonexistent.so&pin-value=1"));
    assertTrue(
        err.toString().contains("PKCS#11 module /nonexistent.so does not exist"), err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT, run("genkey", "--pkcs11-uri", "pkcs11:token=t;object=k;type=cert"));
    assertTrue(err.toString().contains("type= must be private"), err.toString());
  }
}
