package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * UEFI Secure Boot signing of the boot chain: the key and certificate that Authenticode-sign
 * systemd-boot and the UKI before they go into the ESP ({@code <bootloader secure_boot_key=…
 * secure_boot_certificate=…>}, or {@code --secure-boot-key} and {@code --secure-boot-certificate}).
 * Immutable.
 *
 * @param key a PEM private key file (resolved against the description directory) or a PKCS#11 URI,
 *     if given
 * @param certificate its certificate, if given (a token key may take it from the token)
 */
public record SecureBootSpec(Optional<String> key, Optional<Path> certificate) {

  /** The boot chain is not signed. */
  public static final SecureBootSpec NONE = new SecureBootSpec(Optional.empty(), Optional.empty());

  /** Checks for nulls. */
  public SecureBootSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
  }

  /**
   * @return whether the boot chain is signed
   */
  public boolean signs() {
    return key.isPresent();
  }
}
