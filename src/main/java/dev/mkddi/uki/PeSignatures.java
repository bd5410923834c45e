package dev.mkddi.uki;

import java.util.List;

/**
 * The Authenticode state of a PE file ({@link PeSignatureReader}): its image hash, computed as the
 * signer computed it, and the entries of its certificate table, unverified (checking a PKCS#7
 * signature against the hash is {@code dev.mkddi.sign}'s job). Immutable.
 *
 * @param file the file name
 * @param imageDigest SHA-256 of the image as Authenticode defines it
 * @param certificates the certificate table's entries, in file order (empty when unsigned)
 * @param checksum the {@code CheckSum} in the headers
 * @param computedChecksum what it should be for the file's bytes (firmware does not check it)
 */
public record PeSignatures(
    String file,
    byte[] imageDigest,
    List<PeCertificate> certificates,
    long checksum,
    long computedChecksum) {
  /** Copies the digest and the list. */
  public PeSignatures {
    imageDigest = imageDigest.clone();
    certificates = List.copyOf(certificates);
  }

  /**
   * @return a copy of the image hash
   */
  @Override
  public byte[] imageDigest() {
    return imageDigest.clone();
  }

  /**
   * @return whether the file carries a certificate table
   */
  public boolean signed() {
    return !certificates.isEmpty();
  }
}
