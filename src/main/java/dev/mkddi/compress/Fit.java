package dev.mkddi.compress;

/**
 * The result of {@link BlockCompressor#compressToFit}.
 *
 * @param consumed input bytes encoded
 * @param written output bytes produced
 */
public record Fit(int consumed, int written) {
  /** Nothing fitted. */
  public static final Fit NONE = new Fit(0, 0);

  /**
   * @throws IllegalArgumentException when a count is negative
   */
  public Fit {
    if (consumed < 0 || written < 0) {
      throw new IllegalArgumentException("negative fit " + consumed + "/" + written);
    }
  }
}
