package dev.mkddi.inspect;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code mkddi verify} was asked to check. Immutable and thread-safe.
 *
 * @param image the disk image or block device
 * @param rootHash the root hash the user expects (lower-case hex), checked against every source
 * @param certificate the certificate that must have signed the root hash (pins the signer)
 * @param hashOffset where the hash tree starts inside the root partition, for kiwi's in-partition
 *     layout when no manifest or kiwi metadata block says so
 * @param secureBootCertificate the certificate every PE file on the ESP must be Authenticode-signed
 *     by (pins the Secure Boot signer of the boot chain)
 * @param strict whether what the consumers ignore but a careful signer never writes (an unknown key
 *     in the signature JSON) fails the check instead of being a warning
 */
public record VerifyRequest(
    Path image,
    Optional<String> rootHash,
    Optional<Path> certificate,
    OptionalLong hashOffset,
    Optional<Path> secureBootCertificate,
    boolean strict) {

  /** Checks for nulls. */
  public VerifyRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(hashOffset, "hashOffset");
    Objects.requireNonNull(secureBootCertificate, "secureBootCertificate");
  }

  /**
   * A request that is not strict.
   *
   * @param image the disk image or block device
   * @param rootHash the root hash the user expects
   * @param certificate the certificate that must have signed the root hash
   * @param hashOffset where the hash tree starts inside the root partition
   */
  public VerifyRequest(
      Path image, Optional<String> rootHash, Optional<Path> certificate, OptionalLong hashOffset) {
    this(image, rootHash, certificate, hashOffset, Optional.empty(), false);
  }

  /**
   * @param image the disk image or block device
   * @return a request that checks the image against what it carries itself (no root hash,
   *     certificate, hash offset or Secure Boot certificate given), not strict
   */
  public static VerifyRequest of(Path image) {
    return new VerifyRequest(image, Optional.empty(), Optional.empty(), OptionalLong.empty());
  }

  /**
   * @param strict whether warnings about what consumers ignore fail the check
   * @return this request with {@code strict}
   */
  public VerifyRequest withStrict(boolean strict) {
    return new VerifyRequest(
        image, rootHash, certificate, hashOffset, secureBootCertificate, strict);
  }

  /**
   * @param certificate the certificate every PE file on the ESP must be signed by
   * @return this request with it
   */
  public VerifyRequest withSecureBootCertificate(Path certificate) {
    return new VerifyRequest(
        image, rootHash, this.certificate, hashOffset, Optional.of(certificate), strict);
  }
}
