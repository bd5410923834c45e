package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing settings given on the command line, which replace the description's: the verity key
 * and certificate ({@code --signing-key}, {@code --certificate}), two-stage signing ({@code
 * --defer-signature}) and the Secure Boot key and certificate ({@code --secure-boot-key}, {@code
 * --secure-boot-certificate}). A key is a PEM file or a PKCS#11 URI ({@code pkcs11:…}). Immutable.
 *
 * @param verityKey replaces {@code verity_signature_key}
 * @param verityCertificate replaces {@code verity_signature_certificate}
 * @param deferVerity reserve the signature partition and leave it empty, for {@code mkddi sign}
 * @param secureBootKey replaces {@code <bootloader secure_boot_key>}
 * @param secureBootCertificate replaces {@code <bootloader secure_boot_certificate>}
 */
public record SigningOptions(
    Optional<String> verityKey,
    Optional<Path> verityCertificate,
    boolean deferVerity,
    Optional<String> secureBootKey,
    Optional<Path> secureBootCertificate) {

  /** Nothing given: the description's settings apply. */
  public static final SigningOptions NONE =
      new SigningOptions(
          Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());

  /** Checks for nulls. */
  public SigningOptions {
    Objects.requireNonNull(verityKey, "verityKey");
    Objects.requireNonNull(verityCertificate, "verityCertificate");
    Objects.requireNonNull(secureBootKey, "secureBootKey");
    Objects.requireNonNull(secureBootCertificate, "secureBootCertificate");
  }

  /**
   * @param key a PEM file or PKCS#11 URI, or empty to keep the description's
   * @param certificate a certificate file, or empty to keep the description's
   * @return a copy with these verity overrides
   */
  public SigningOptions withVerity(Optional<String> key, Optional<Path> certificate) {
    return new SigningOptions(key, certificate, deferVerity, secureBootKey, secureBootCertificate);
  }

  /**
   * @param defer whether the verity signature is left to {@code mkddi sign}
   * @return a copy with this choice
   */
  public SigningOptions withDeferredVerity(boolean defer) {
    return new SigningOptions(
        verityKey, verityCertificate, defer, secureBootKey, secureBootCertificate);
  }

  /**
   * @param key a PEM file or PKCS#11 URI, or empty to keep the description's
   * @param certificate a certificate file, or empty to keep the description's
   * @return a copy with these Secure Boot overrides
   */
  public SigningOptions withSecureBoot(Optional<String> key, Optional<Path> certificate) {
    return new SigningOptions(verityKey, verityCertificate, deferVerity, key, certificate);
  }
}
