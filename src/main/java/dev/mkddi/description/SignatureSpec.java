package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing of the root hash (PKCS#7): whether it is required, and the key and certificate (from the
 * description, resolved against its directory, or from the command line). Immutable.
 *
 * @param required {@code verity_signature_required="true"}: the build must sign
 * @param key PEM private key, if given
 * @param certificate PEM certificate of that key, if given
 */
public record SignatureSpec(boolean required, Optional<Path> key, Optional<Path> certificate) {

  /** Unsigned, not required. */
  public static final SignatureSpec NONE =
      new SignatureSpec(false, Optional.empty(), Optional.empty());

  /** Checks for nulls. */
  public SignatureSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
  }

  /**
   * @return whether the build signs: a key is given (a required signature without one is a problem
   *     that stops the build)
   */
  public boolean signs() {
    return key.isPresent();
  }
}
