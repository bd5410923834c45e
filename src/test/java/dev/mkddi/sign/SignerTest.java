package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SignerTest {
  static final Path DIR = Path.of("src/test/resources/dev/mkddi/sign");

  @Test
  void testSignRootHash_rsaEqualsOpenssl() throws Exception {
    Signer s = Signer.load(DIR.resolve("test-only-rsa.key"), DIR.resolve("test-only-rsa.crt"), null);
    String rh = Files.readString(DIR.resolve("roothash.txt"));
    byte[] got = s.signRootHash(rh);
    Files.write(Path.of("/tmp/got.p7s"), got);
    assertArrayEquals(Files.readAllBytes(DIR.resolve("rsa.p7s")), got);
  }
}
