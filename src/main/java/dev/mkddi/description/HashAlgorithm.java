package dev.mkddi.description;

/** The dm-verity hash algorithm. */
public enum HashAlgorithm {
  /** SHA-256, the default. */
  SHA256("sha256", "SHA-256"),
  /** SHA-512. */
  SHA512("sha512", "SHA-512"),
  /** SHA-1 (legacy). */
  SHA1("sha1", "SHA-1");

  private final String kernelName;
  private final String javaName;

  HashAlgorithm(String kernelName, String javaName) {
    this.kernelName = kernelName;
    this.javaName = javaName;
  }

  /**
   * @return the name veritysetup and the kernel use, e.g. {@code sha256}
   */
  public String kernelName() {
    return kernelName;
  }

  /**
   * @return the {@link java.security.MessageDigest} name, e.g. {@code SHA-256}
   */
  public String javaName() {
    return javaName;
  }
}
