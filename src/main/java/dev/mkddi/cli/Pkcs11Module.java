package dev.mkddi.cli;

import dev.mkddi.sign.KeyReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The PKCS#11 module for key URIs that name none ({@code module-path=}): {@code
 * MKDDI_PKCS11_MODULE}, or else p11-kit's proxy module, which loads every module p11-kit is
 * configured with (e.g. {@code /usr/share/p11-kit/modules/softhsm2.module}).
 */
final class Pkcs11Module {
  /** The environment variable naming the module. */
  static final String VARIABLE = "MKDDI_PKCS11_MODULE";

  private Pkcs11Module() {}

  /**
   * @return the module from the environment, or p11-kit's proxy when it is installed
   */
  static Optional<Path> fromEnvironment() {
    String configured = System.getenv(VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    return KeyReference.p11KitProxy(System.getProperty("os.arch", "")).stream()
        .filter(Files::isRegularFile)
        .findFirst();
  }
}
