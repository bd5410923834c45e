package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import dev.mkddi.sign.AuthenticodeSignature;
import dev.mkddi.sign.Certificates;
import dev.mkddi.uki.PeSignatureReader;
import dev.mkddi.uki.PeSignatures;
import dev.mkddi.uki.TestPe;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbsignCommandTest {
  @TempDir Path dir;

  private static Path fixture(String name) throws Exception {
    return Path.of(SbsignCommandTest.class.getResource("/dev/mkddi/sign/" + name).toURI());
  }

  private Path stub() throws Exception {
    return Files.write(dir.resolve("stub.efi"), TestPe.stub().build());
  }

  @Test
  void testSbsign_signsAndReportsTheSigner() throws Exception {
    Path out = dir.resolve("signed.efi");
    String key = fixture("test-only-rsa.key").toString();
    String cert = fixture("test-only-rsa.crt").toString();
    CliRun r = new CliRun("sbsign", stub(), out, "--key", key, "--certificate", cert);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(r.out.toString().startsWith(out + ": signed by CN="), r.out.toString());
    PeSignatures s;
    try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
      s = PeSignatureReader.read(ch, "signed.efi");
    }
    assertTrue(r.out.toString().contains(dev.mkddi.io.Hex.encode(s.imageDigest())));
    assertTrue(
        AuthenticodeSignature.parse(s.certificates().get(0).content(), "signed.efi")
            .verify(s.imageDigest(), Certificates.load(Path.of(cert)))
            .trusted());
    byte[] first = Files.readAllBytes(out);
    assertEquals(
        ExitCode.OK, new CliRun("sbsign", stub(), out, "--key", key, "--certificate", cert).code);
    assertArrayEquals(first, Files.readAllBytes(out), "the same bytes again");
    assertFalse(Files.exists(dir.resolve("signed.efi.tmp")));
  }

  @Test
  void testSbsign_refusals() throws Exception {
    Path out = dir.resolve("out.efi");
    String key = fixture("test-only-rsa.key").toString();
    String cert = fixture("test-only-rsa.crt").toString();
    Path junk = Files.write(dir.resolve("junk.efi"), new byte[100]);
    Path signed = dir.resolve("signed.efi");
    assertEquals(
        ExitCode.OK,
        new CliRun("sbsign", stub(), signed, "--key", key, "--certificate", cert).code);
    Object[][] cases = {
      {
        dir.resolve("none.efi"),
        new String[] {"--key", key, "--certificate", cert},
        "does not exist"
      },
      {stub(), new String[] {"--key", key}, "needs its certificate (--certificate)"},
      {junk, new String[] {"--key", key, "--certificate", cert}, "DOS magic"},
      {signed, new String[] {"--key", key, "--certificate", cert}, "already signed"},
      {
        stub(),
        new String[] {"--key", "pkcs11:token=x;bogus=1", "--certificate", cert},
        "unknown PKCS#11 URI attribute 'bogus'"
      },
    };
    for (Object[] c : cases) {
      String[] extra = (String[]) c[1];
      Object[] args = new Object[3 + extra.length];
      args[0] = "sbsign";
      args[1] = c[0];
      args[2] = out;
      System.arraycopy(extra, 0, args, 3, extra.length);
      CliRun r = new CliRun(args);
      assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
      assertTrue(r.errLine().contains((String) c[2]), r.err.toString());
      assertFalse(Files.exists(out), "no output after " + r.err);
      assertFalse(Files.exists(dir.resolve("out.efi.tmp")));
    }
  }
}
