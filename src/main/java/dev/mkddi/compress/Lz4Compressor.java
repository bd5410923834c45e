package dev.mkddi.compress;

import static dev.mkddi.compress.Lz4Format.*;

/**
 * LZ4 block compression, fast mode: one hash table of 4-byte sequences, the first candidate only,
 * and a search step that grows over incompressible input (like {@code LZ4_compress_default} and
 * {@code LZ4_compress_destSize}). Not thread-safe: one instance per thread.
 */
public final class Lz4Compressor extends Lz4Encoder {
  private static final int HASH_LOG = 12;

  /** Misses before the search step grows by one, as a shift. */
  private static final int SKIP_TRIGGER = 6;

  private final int[] table = new int[1 << HASH_LOG];
  private final Lz4Window window = new Lz4Window(table);

  private static int hash(int sequence) {
    return (sequence * 0x9E3779B1) >>> (Integer.SIZE - HASH_LOG);
  }

  /**
   * @return the input index after the last byte encoded, or -1 on overflow (not fit mode)
   */
  @Override
  int run(byte[] src, int off, int len, Lz4Writer w) {
    int end = off + len;
    if (len < MF_LIMIT + 1) {
      return w.finish(off, end);
    }
    int delta = window.start(len) - off;
    int mfLimit = end - MF_LIMIT;
    int matchLimit = end - LAST_LITERALS;
    int anchor = off;
    int ip = off;
    int stop = Math.min(mfLimit, anchor + w.literalRoom());
    table[hash(readInt(src, ip))] = ip + delta;
    ip++;
    search:
    while (true) {
      int match;
      int attempts = 1 << SKIP_TRIGGER;
      while (true) {
        if (ip > stop) {
          break search;
        }
        int sequence = readInt(src, ip);
        int h = hash(sequence);
        int candidate = table[h] - delta;
        table[h] = ip + delta;
        if (candidate >= off
            && ip - candidate <= MAX_DISTANCE
            && readInt(src, candidate) == sequence) {
          match = candidate;
          break;
        }
        ip += attempts++ >>> SKIP_TRIGGER;
      }
      while (ip > anchor && match > off && src[ip - 1] == src[match - 1]) {
        ip--;
        match--;
      }
      while (true) {
        int length = MIN_MATCH + commonLength(src, match + MIN_MATCH, ip + MIN_MATCH, matchLimit);
        int written = w.sequence(anchor, ip, ip - match, length);
        if (written <= 0) {
          if (written < 0) {
            return -1;
          }
          break search;
        }
        ip += written;
        anchor = ip;
        if (w.full() || ip > mfLimit) {
          break search;
        }
        stop = Math.min(mfLimit, anchor + w.literalRoom());
        table[hash(readInt(src, ip - 2))] = ip - 2 + delta;
        int sequence = readInt(src, ip);
        int h = hash(sequence);
        int candidate = table[h] - delta;
        table[h] = ip + delta;
        if (candidate < off
            || ip - candidate > MAX_DISTANCE
            || readInt(src, candidate) != sequence) {
          ip++;
          break;
        }
        match = candidate;
      }
    }
    return w.finish(anchor, end);
  }
}
