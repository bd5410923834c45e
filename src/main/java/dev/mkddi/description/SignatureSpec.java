package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing of the root hash (PKCS#7): whether it is required, the key and certificate (from the
 * description, a file resolved against its directory, or from the command line), or that it is
 * deferred to {@code mkddi sign}. Immutable.
 *
 * @param required {@code verity_signature_required="true"}: the image must be signed
 * @param key a PEM private key file or a PKCS#11 URI ({@code pkcs11:…}, as written), if given;
 *     never present when {@code deferred}
 * @param certificate the certificate of that key, if given (a token key may take its certificate
 *     from the token)
 * @param deferred {@code --defer-signature}: the signature partition is reserved and left empty,
 *     {@code mkddi sign} fills it
 */
public record SignatureSpec(
    boolean required, Optional<String> key, Optional<Path> certificate, boolean deferred) {

  /** Unsigned, not required. */
  public static final SignatureSpec NONE =
      new SignatureSpec(false, Optional.empty(), Optional.empty(), false);

  /**
   * Checks for nulls.
   *
   * @throws IllegalArgumentException when a deferred signature has a key
   */
  public SignatureSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
    if (deferred && key.isPresent()) {
      throw new IllegalArgumentException("a deferred signature has no key");
    }
  }

  /**
   * @return whether the build signs: a key is given (a required signature without one is a problem
   *     that stops the build)
   */
  public boolean signs() {
    return key.isPresent();
  }

  /**
   * @return whether the image gets a signature partition: it is signed now, or later by {@code
   *     mkddi sign}
   */
  public boolean reservesSignature() {
    return signs() || deferred;
  }
}
