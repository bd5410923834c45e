package dev.mkddi.uki;

import java.io.IOException;

/**
 * Makes the Authenticode signature of a PE image from its image hash: a DER PKCS#7 {@code
 * SignedData} whose {@code SpcIndirectDataContent} carries the hash. {@link PeSigner} computes the
 * hash and places the signature; the caller supplies the key (the signature format and the keys
 * live in {@code dev.mkddi.sign}, which this package does not import).
 */
@FunctionalInterface
public interface ImageDigestSigner {
  /**
   * @param imageDigest SHA-256 of the image as Authenticode defines it (32 bytes)
   * @return the DER PKCS#7 SignedData
   * @throws IOException when signing fails (a key in a token that refuses, a wrong PIN, …)
   */
  byte[] sign(byte[] imageDigest) throws IOException;
}
