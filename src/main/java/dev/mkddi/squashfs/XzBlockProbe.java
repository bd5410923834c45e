package dev.mkddi.squashfs;

import java.util.Arrays;

/**
 * Chooses how the default xz options code a data block, from cheap statistics of its bytes: not at
 * all ({@link Coding#STORED}: data compressed already, .gz, .xz, .png, .jar members, firmware),
 * with XZ for Java's fast LZMA mode ({@link Coding#FAST}: blocks where the normal mode's optimal
 * parsing gains little) or with the normal mode ({@link Coding#NORMAL}: the rest, text and code
 * above all). LZMA gains on a block either from repeated strings or from a skewed byte
 * distribution; the statistics measure both: the block's order-0 entropy, and the share of it that
 * a greedy pass finds in repeats of earlier 4-byte strings through a one-entry hash table.
 *
 * <p>Stored: an entropy near 8 bits per byte ({@link #MIN_ENTROPY}, {@link #MIN_SAMPLE_ENTROPY} on
 * the first {@link #SAMPLE} bytes) and repeats covering under {@link #MAX_REPEATED} of it. Measured
 * on every data and fragment block of /usr/share in its 128 KiB squashfs blocks (5113 blocks, 578
 * MB): 390 blocks are stored (46 MB), 385 of them also incompressible for xz; on the other 5 xz
 * saves 504 bytes in all; that saves ~9 % of the encoder's CPU (XZ for Java spends ~18 ms on an
 * incompressible 128 KiB block, mostly coding literals).
 *
 * <p>Fast: an entropy of {@link #FAST_ENTROPY} or more (few repeats to choose among; binary data,
 * compressed data with some structure), or repeats covering {@link #FAST_REPEATED} of the block or
 * more (the fast mode's longest-match parse with a nice length of 273 finds the long matches as
 * well as the normal mode with nice length 16 does). Measured on the 4723 blocks of /usr/share that
 * are not stored, one thread, each block coded both ways: 2152 blocks go to fast mode, which saves
 * 15.8 % of the encoder's CPU (98.6 s in normal mode) for 397 KB more (+0.18 % of the image); on
 * every second block, the two modes alternated per block: -15.6 % for 205 KB. Blocks with an
 * entropy of 7 or more alone save 1.8 s for 84 KB; those with repeats covering 95 % or more save
 * 2.5 s and shrink by 188 KB (nice length 273). The size lost rises steeply as the share of repeats
 * falls: from 90 % +183 KB for -12.8 %, from 88 % +720 KB for -20 %, from 85 % +2.4 MB for -41 %
 * (text with many short repeats, where the optimal parse pays).
 *
 * <p>The choice depends only on the block's bytes, so the output stays independent of the thread
 * count. The statistics cost ~2 % of the encoder's CPU (0.4-0.5 ms per block of /usr/share). Not
 * thread-safe: one per encoder.
 */
final class XzBlockProbe {
  /** How the default xz options code one block. */
  enum Coding {
    /** Stored raw without running LZMA2. */
    STORED,
    /** LZMA2 in fast mode ({@link XzCodec#fastOptions}). */
    FAST,
    /** LZMA2 with the default options ({@link XzCodec#lzma2Options}). */
    NORMAL
  }

  /** Bytes of the pre-check at the start of a block. */
  static final int SAMPLE = 4096;

  /**
   * Order-0 entropy the pre-check's sample needs for a stored block, bits per byte (random bytes:
   * ~7.96 on 4 KiB, as the estimate from a sample is low; text: 4-6).
   */
  static final double MIN_SAMPLE_ENTROPY = 7.8;

  /**
   * Order-0 entropy a stored block needs, bits per byte (random bytes: ~7.9986 on 128 KiB; the
   * blocks of /usr/share xz cannot shrink: 7.71-7.999, all but 6 of 409 above 7.96).
   */
  static final double MIN_ENTROPY = 7.9;

  /**
   * Share of a stored block that repeated 4-byte strings may cover (incompressible blocks of
   * /usr/share: median 0.1 %, 95th percentile 1.1 %; blocks xz shrinks by 1 % or more: 2 % and up).
   */
  static final double MAX_REPEATED = 0.01;

  /** Order-0 entropy from which a block that is not stored is coded in fast mode, bits per byte. */
  static final double FAST_ENTROPY = 7.0;

  /** Share of the block covered by repeats from which it is coded in fast mode (see above). */
  static final double FAST_REPEATED = 0.89;

  private static final int MIN_MATCH = 4;
  private static final int HASH_BITS = 16;
  private static final int GOLDEN = 0x9E3779B1;

  private final int[] counts = new int[256];
  private final int[] last = new int[1 << HASH_BITS];
  private final int[] words = new int[1 << HASH_BITS];

  /**
   * @param b the block's bytes
   * @param offset where they start
   * @param length how many there are
   * @return how the default xz options code the block
   */
  Coding choose(byte[] b, int offset, int length) {
    double entropy = entropy(b, offset, length);
    if (entropy >= MIN_ENTROPY
        && entropy(b, offset, Math.min(SAMPLE, length)) >= MIN_SAMPLE_ENTROPY
        && !covers(b, offset, length, (int) Math.ceil(MAX_REPEATED * length))) {
      return Coding.STORED;
    }
    if (entropy >= FAST_ENTROPY
        || covers(b, offset, length, (int) Math.ceil(FAST_REPEATED * length))) {
      return Coding.FAST;
    }
    return Coding.NORMAL;
  }

  /** Order-0 entropy of the bytes, bits per byte. */
  private double entropy(byte[] b, int offset, int length) {
    Arrays.fill(counts, 0);
    for (int i = offset; i < offset + length; i++) {
      counts[b[i] & 0xFF]++;
    }
    double sum = 0;
    for (int c : counts) {
      if (c > 0) {
        sum += c * Math.log(c);
      }
    }
    // H = log n - (sum c log c) / n, in nats, to bits
    return (Math.log(length) - sum / length) / Math.log(2);
  }

  /**
   * Whether a greedy pass covers at least {@code need} bytes with repeats of earlier 4-byte strings
   * (one candidate each). The pass stops as soon as the answer is known: when it has covered {@code
   * need} bytes, or left more than {@code length - need} uncovered.
   */
  private boolean covers(byte[] b, int offset, int length, int need) {
    Arrays.fill(last, -1);
    int end = offset + length;
    int mayMiss = length - need;
    int covered = 0;
    int i = offset;
    while (i + MIN_MATCH <= end && covered < need && i - offset - covered <= mayMiss) {
      int word =
          (b[i] & 0xFF)
              | (b[i + 1] & 0xFF) << 8
              | (b[i + 2] & 0xFF) << 16
              | (b[i + 3] & 0xFF) << 24;
      int slot = (word * GOLDEN) >>> (Integer.SIZE - HASH_BITS);
      int candidate = last[slot];
      boolean match = candidate >= 0 && words[slot] == word;
      last[slot] = i;
      words[slot] = word;
      if (match) {
        int len = MIN_MATCH;
        while (i + len < end && b[candidate + len] == b[i + len]) {
          len++;
        }
        covered += len;
        i += len;
      } else {
        i++;
      }
    }
    return covered >= need;
  }
}
