package dev.mkddi.compress;

import static dev.mkddi.compress.Lz4Format.*;

/**
 * LZ4 block compression, high-compression mode: a hash chain over every position searched up to a
 * level-dependent number of candidates for the longest match, with lazy evaluation (a match is put
 * off while the next position has a longer one). The output is the plain LZ4 block format, read by
 * any LZ4 decoder. Levels follow {@code lz4 -1 … -12}: 1–9 search 2 to 256 candidates as LZ4's
 * hash-chain levels do; 10–12 (an optimal parser in LZ4) search 1024, 4096 and 16384 candidates
 * with the same lazy parse. The look one byte ahead searches a sixteenth as many (LZ4's own parse
 * looks ahead differently). Not thread-safe: one instance per thread.
 */
public final class Lz4HcCompressor extends Lz4Encoder {
  /** The level {@code mkfs.erofs -zlz4hc} and {@code lz4 -9} use. */
  public static final int DEFAULT_LEVEL = 9;

  /** Highest level. */
  public static final int MAX_LEVEL = 12;

  private static final int HASH_LOG = 15;
  private static final int CHAIN_MASK = 0xFFFF;

  /**
   * The look one byte ahead searches this fraction of the level's candidates: it only needs a match
   * longer than the one in hand, which most of the chain cannot give. On /usr/share in 4 KiB EROFS
   * clusters at level 9, a sixteenth (16 candidates) instead of a quarter (64) takes 14–19 % less
   * of the encoder's CPU for 0.06 % more clusters; an eighth saves 12 % for 0.03 %, a thirty-second
   * 20 % for 0.12 % (README, Performance).
   */
  private static final int LAZY_SHARE = 16;

  /** A match at least this long is taken without looking at the next position. */
  private static final int NICE_LENGTH = 256;

  private final int[] head = new int[1 << HASH_LOG];
  private final char[] chain = new char[CHAIN_MASK + 1];
  private final Lz4Window window = new Lz4Window(head);
  private final int attempts;
  private final int lazyAttempts;
  private final int level;

  private static final byte[] NO_BLOCK = new byte[0];

  // per block
  private byte[] src = NO_BLOCK;
  private int delta;
  private int low;
  private int nextToInsert;
  private int matchPos;

  /**
   * @param level 1–12; 0 or less means {@link #DEFAULT_LEVEL}, as in LZ4
   * @throws IllegalArgumentException when the level is above 12
   */
  public Lz4HcCompressor(int level) {
    if (level > MAX_LEVEL) {
      throw new IllegalArgumentException("lz4hc level " + level + ": at most " + MAX_LEVEL);
    }
    this.level = level < 1 ? DEFAULT_LEVEL : level;
    this.attempts =
        this.level <= 2 ? 2 : this.level <= 9 ? 1 << (this.level - 1) : 1 << (2 * this.level - 10);
    this.lazyAttempts = Math.max(1, attempts / LAZY_SHARE);
  }

  /**
   * @return the level in effect
   */
  public int level() {
    return level;
  }

  private static int hash(int sequence) {
    return (sequence * 0x9E3779B1) >>> (Integer.SIZE - HASH_LOG);
  }

  /**
   * @return the input index after the last byte encoded, or -1 on overflow (not fit mode)
   */
  @Override
  int run(byte[] in, int off, int len, Lz4Writer w) {
    int end = off + len;
    if (len < MF_LIMIT + 1) {
      return w.finish(off, end);
    }
    src = in;
    delta = window.start(len) - off;
    low = off;
    nextToInsert = off;
    int mfLimit = end - MF_LIMIT;
    int matchLimit = end - LAST_LITERALS;
    int anchor = off;
    int ip = off;
    int stop = Math.min(mfLimit, anchor + w.literalRoom());
    try {
      while (ip <= stop) {
        int length = longestMatch(ip, matchLimit, MIN_MATCH - 1, attempts);
        if (length < MIN_MATCH) {
          ip++;
          continue;
        }
        int match = matchPos;
        while (length < NICE_LENGTH && ip < mfLimit) {
          int next = longestMatch(ip + 1, matchLimit, length, lazyAttempts);
          if (next <= length) {
            break;
          }
          ip++;
          length = next;
          match = matchPos;
        }
        while (ip > anchor && match > off && src[ip - 1] == src[match - 1]) {
          ip--;
          match--;
          length++;
        }
        int written = w.sequence(anchor, ip, ip - match, length);
        if (written <= 0) {
          if (written < 0) {
            return -1;
          }
          break;
        }
        ip += written;
        anchor = ip;
        if (w.full()) {
          break;
        }
        stop = Math.min(mfLimit, anchor + w.literalRoom());
      }
      return w.finish(anchor, end);
    } finally {
      src = NO_BLOCK;
    }
  }

  /**
   * Inserts the positions up to {@code ip} into the chains and searches the older positions in the
   * chain of {@code ip}.
   *
   * @param ip the position to match, at most the match-start limit
   * @param matchLimit matches end at or before this index
   * @param longerThan only a longer match counts
   * @param tries candidates to look at, at most
   * @return the longest match length found ({@link #matchPos} is set), or {@code longerThan}
   */
  private int longestMatch(int ip, int matchLimit, int longerThan, int tries) {
    byte[] s = src;
    while (nextToInsert < ip) {
      int p = nextToInsert++;
      int h = hash(readInt(s, p));
      int abs = p + delta;
      chain[abs & CHAIN_MASK] = (char) Math.min(abs - head[h], MAX_DISTANCE);
      head[h] = abs;
    }
    int sequence = readInt(s, ip);
    int h = hash(sequence);
    int lowest = Math.max(low, ip - MAX_DISTANCE);
    int previous = head[h];
    int candidate = previous - delta;
    // ip goes into its chain now, with the hash just computed: the search below only follows
    // older positions, and every later search would insert it first
    int abs = ip + delta;
    chain[abs & CHAIN_MASK] = (char) Math.min(abs - previous, MAX_DISTANCE);
    head[h] = abs;
    nextToInsert = ip + 1;
    int best = longerThan;
    int most = matchLimit - ip;
    short tail = readShort(s, ip + best - 1);
    for (int n = tries; n > 0 && candidate >= lowest; n--) {
      if (readShort(s, candidate + best - 1) == tail && readInt(s, candidate) == sequence) {
        int length = MIN_MATCH + commonLength(s, candidate + MIN_MATCH, ip + MIN_MATCH, matchLimit);
        if (length > best) {
          best = length;
          matchPos = candidate;
          if (best >= most) {
            break;
          }
          tail = readShort(s, ip + best - 1);
        }
      }
      candidate -= chain[(candidate + delta) & CHAIN_MASK];
    }
    return best;
  }
}
