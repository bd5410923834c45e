package dev.mkddi.uki;

/**
 * What {@link PeSigner} wrote. Immutable.
 *
 * @param imageDigest the Authenticode image hash that was signed (SHA-256)
 * @param certificateTableOffset where the certificate table starts
 * @param length the signed file's length
 */
public record SignedPe(byte[] imageDigest, long certificateTableOffset, long length) {
  /** Copies the digest. */
  public SignedPe {
    imageDigest = imageDigest.clone();
  }

  /**
   * @return a copy of the image hash
   */
  @Override
  public byte[] imageDigest() {
    return imageDigest.clone();
  }
}
