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
}
