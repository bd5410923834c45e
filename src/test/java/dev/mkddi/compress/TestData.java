package dev.mkddi.compress;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Seeded inputs of several kinds for the compressor tests. */
final class TestData {
  private TestData() {}

  /** The kinds of input: each compresses differently. */
  enum Kind {
    RANDOM,
    TEXT,
    ZEROS,
    RUNS,
    MIXED
  }

  private static final String[] WORDS = {
    "the",
    "erofs",
    "squashfs",
    "kernel",
    "block",
    "cluster",
    "compress",
    "image",
    "verity",
    "partition",
    "\n",
    "  ",
    "root",
    "usr",
    "share",
    "lib",
    "0x",
    "=",
    "{",
    "}",
    "systemd"
  };

  /**
   * @param kind what the bytes look like
   * @param length how many
   * @param seed the seed
   * @return the bytes
   */
  static byte[] make(Kind kind, int length, long seed) {
    Random rnd = new Random(seed);
    byte[] b = new byte[length];
    switch (kind) {
      case RANDOM -> rnd.nextBytes(b);
      case ZEROS -> {}
      case TEXT -> {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
          sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(8) == 0 ? "\n" : " ");
        }
        System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, b, 0, length);
      }
      case RUNS -> {
        for (int i = 0; i < length; ) {
          int run = 1 + rnd.nextInt(300);
          byte v = (byte) rnd.nextInt(4);
          for (int j = 0; j < run && i < length; j++) {
            b[i++] = v;
          }
        }
      }
      case MIXED -> {
        for (int i = 0; i < length; ) {
          int piece = Math.min(length - i, 1 + rnd.nextInt(2000));
          Kind k = Kind.values()[rnd.nextInt(4)];
          System.arraycopy(make(k, piece, rnd.nextLong()), 0, b, i, piece);
          i += piece;
        }
      }
    }
    return b;
  }
}
