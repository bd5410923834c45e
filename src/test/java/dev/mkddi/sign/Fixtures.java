package dev.mkddi.sign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the fixtures under {@code src/test/resources/dev/mkddi/sign}. */
final class Fixtures {
  static final String PASSWORD = "test-only-password";

  private Fixtures() {}

  static Path path(String name) {
    URL url = Fixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String rootHash() {
    return new String(bytes("roothash.txt"), java.nio.charset.StandardCharsets.US_ASCII);
  }

  static Signer rsa() throws IOException {
    return Signer.load(path("test-only-rsa.key"), path("test-only-rsa.crt"), null);
  }

  static Signer ec() throws IOException {
    return Signer.load(path("test-only-ec.key"), path("test-only-ec.crt"), null);
  }
}
