package dev.mkddi.compress;

/**
 * Finds the longest input prefix whose compressed form fits a size, for compressors that cannot
 * stop at an output size themselves: it compresses trial prefixes, guided by the compression ratio
 * of the last trial, and keeps the longest one that fit (as erofs-utils does for DEFLATE and zstd).
 * Input that does not compress ends the search at the first prefix that fits. Not thread-safe.
 */
final class PrefixSearch {
  /** Compresses one trial prefix. */
  interface Trial {
    /**
     * @param prefix input bytes to compress
     * @param out where to write the compressed bytes
     * @param limit the budget
     * @return the compressed size, or -1 when it exceeds {@code limit}
     */
    int compress(int prefix, byte[] out, int limit);
  }

  /** Compresses a prefix the fast way, to guess the ratio. */
  interface Probe {
    /**
     * @param length input bytes to compress
     * @param out where to write (room for the input and some)
     * @return the compressed size
     */
    int compress(int length, byte[] out);
  }

  /** Times the budget of input the probe looks at. */
  private static final int PROBE_SPAN = 8;

  private byte[] trial = new byte[0];
  private byte[] best = new byte[0];
  private byte[] probed = new byte[0];

  /**
   * A first guess from a fast look at a few times the budget of input (it depends on nothing but
   * the input, so the output does not either).
   *
   * @param available input bytes available
   * @param dstSize the budget
   * @param probe a fast compression of the same kind
   * @return the prefix length the fast compression would fit
   */
  int guess(int available, int dstSize, Probe probe) {
    int look = (int) Math.min(available, (long) PROBE_SPAN * dstSize);
    if (probed.length < look + 1024) {
      probed = new byte[look + 1024];
    }
    int size = Math.max(1, probe.compress(look, probed));
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (long) dstSize * look / size));
  }

  /**
   * @param available input bytes available
   * @param dstSize the budget
   * @param guess the first prefix length to try
   * @param tolerance stop when a fitting trial leaves at most this many bytes of the budget unused
   * @param t the compressor
   * @param dst receives the best fitting output
   * @param dstOff where it starts
   * @return consumed and written, {@link Fit#NONE} when no prefix fits
   */
  Fit search(
      int available, int dstSize, int guess, int tolerance, Trial t, byte[] dst, int dstOff) {
    if (trial.length < dstSize) {
      trial = new byte[dstSize];
      best = new byte[dstSize];
    }
    int l = 0;
    int lSize = 0;
    long r = (long) available + 1;
    long m = guess;
    while (true) {
      m = Math.min(Math.max(m, l + 1L), r - 1);
      int size = t.compress((int) m, trial, dstSize);
      if (size >= 0) {
        l = (int) m;
        lSize = size;
        byte[] swap = best;
        best = trial;
        trial = swap;
        if (r <= l + 1L || size + tolerance >= dstSize || size >= m) {
          break; // full enough, or the input does not compress (a longer prefix would not either)
        }
        m = size == 0 ? r - 1 : (long) dstSize * m / size;
        if (m >= r) {
          m = (l + r) / 2;
        }
      } else {
        r = m;
        if (r <= l + 1L) {
          break;
        }
        m = (l + r) / 2;
      }
    }
    if (l == 0) {
      return Fit.NONE;
    }
    System.arraycopy(best, 0, dst, dstOff, lSize);
    return new Fit(l, lSize);
  }
}
