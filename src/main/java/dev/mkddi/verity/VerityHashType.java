package dev.mkddi.verity;

/**
 * The two hash tree formats ({@code --format}, superblock field {@code hash_type}). They differ in
 * where the salt goes and in how entries are packed. Immutable and thread-safe.
 */
public enum VerityHashType {
  /** Format 0, the original Chrome OS one: {@code H(block ‖ salt)}, entries packed. */
  CHROME_OS(0),
  /** Format 1, the default: {@code H(salt ‖ block)}, entries padded to a power of two. */
  NORMAL(1);

  private final int code;

  VerityHashType(int code) {
    this.code = code;
  }

  /**
   * @param code 0 or 1
   * @return the format with that number
   * @throws IllegalArgumentException for any other number
   */
  public static VerityHashType of(long code) {
    for (VerityHashType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "hash format " + code + " is not supported; expected 0 or 1");
  }

  /**
   * @return the number used by veritysetup, the superblock and the kernel table
   */
  public int code() {
    return code;
  }
}
