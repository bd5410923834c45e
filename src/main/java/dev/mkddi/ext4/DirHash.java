package dev.mkddi.ext4;

/**
 * The {@code half_md4} name hash of ext4's htree directories, as the kernel computes it for a file
 * system with the {@code signed_directory_hash} flag (name bytes taken as signed chars, the x86
 * convention mke2fs records) or {@code unsigned_directory_hash}. The 16-byte seed is {@code
 * s_hash_seed}; an all-zero seed means the MD4 initial values. Immutable and thread-safe.
 */
final class DirHash {
  private static final int K2 = 0x5A827999;
  private static final int K3 = 0x6ED9EBA1;
  private static final int[] DEFAULT_SEED = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};

  /** {@code EXT4_HTREE_EOF_32BIT}: a hash that must not appear in a directory. */
  private static final int EOF_32BIT = 0x7fffffff;

  private final int[] seed;
  private final boolean signed;

  /**
   * @param seed {@code s_hash_seed} as four little-endian words
   * @param signed whether name bytes are sign-extended (signed_directory_hash)
   */
  DirHash(int[] seed, boolean signed) {
    boolean zero = true;
    for (int s : seed) {
      zero &= s == 0;
    }
    this.seed = zero ? DEFAULT_SEED.clone() : seed.clone();
    this.signed = signed;
  }

  /**
   * @param name the entry name
   * @return the major hash, low bit clear, as the kernel stores it in dx entries
   */
  int hash(byte[] name) {
    int[] buf = seed.clone();
    int[] in = new int[8];
    for (int off = 0; off < name.length; off += 32) {
      fill(name, off, in);
      transform(buf, in);
    }
    int hash = buf[1] & ~1;
    return hash == (EOF_32BIT << 1) ? (EOF_32BIT - 1) << 1 : hash;
  }

  /** {@code str2hashbuf}: up to 32 bytes of the name, padded with its length, into 8 words. */
  private void fill(byte[] name, int off, int[] out) {
    int len = name.length - off;
    int pad = len | (len << 8);
    pad |= pad << 16;
    int val = pad;
    int n = Math.min(len, 32);
    int word = 0;
    for (int i = 0; i < n; i++) {
      int c = signed ? name[off + i] : name[off + i] & 0xff;
      val = c + (val << 8);
      if (i % 4 == 3) {
        out[word++] = val;
        val = pad;
      }
    }
    if (word < 8) {
      out[word++] = val;
    }
    while (word < 8) {
      out[word++] = pad;
    }
  }

  private static void transform(int[] buf, int[] in) {
    int a = buf[0];
    int b = buf[1];
    int c = buf[2];
    int d = buf[3];
    a = Integer.rotateLeft(a + f(b, c, d) + in[0], 3);
    d = Integer.rotateLeft(d + f(a, b, c) + in[1], 7);
    c = Integer.rotateLeft(c + f(d, a, b) + in[2], 11);
    b = Integer.rotateLeft(b + f(c, d, a) + in[3], 19);
    a = Integer.rotateLeft(a + f(b, c, d) + in[4], 3);
    d = Integer.rotateLeft(d + f(a, b, c) + in[5], 7);
    c = Integer.rotateLeft(c + f(d, a, b) + in[6], 11);
    b = Integer.rotateLeft(b + f(c, d, a) + in[7], 19);

    a = Integer.rotateLeft(a + g(b, c, d) + in[1] + K2, 3);
    d = Integer.rotateLeft(d + g(a, b, c) + in[3] + K2, 5);
    c = Integer.rotateLeft(c + g(d, a, b) + in[5] + K2, 9);
    b = Integer.rotateLeft(b + g(c, d, a) + in[7] + K2, 13);
    a = Integer.rotateLeft(a + g(b, c, d) + in[0] + K2, 3);
    d = Integer.rotateLeft(d + g(a, b, c) + in[2] + K2, 5);
    c = Integer.rotateLeft(c + g(d, a, b) + in[4] + K2, 9);
    b = Integer.rotateLeft(b + g(c, d, a) + in[6] + K2, 13);

    a = Integer.rotateLeft(a + h(b, c, d) + in[3] + K3, 3);
    d = Integer.rotateLeft(d + h(a, b, c) + in[7] + K3, 9);
    c = Integer.rotateLeft(c + h(d, a, b) + in[2] + K3, 11);
    b = Integer.rotateLeft(b + h(c, d, a) + in[6] + K3, 15);
    a = Integer.rotateLeft(a + h(b, c, d) + in[1] + K3, 3);
    d = Integer.rotateLeft(d + h(a, b, c) + in[5] + K3, 9);
    c = Integer.rotateLeft(c + h(d, a, b) + in[0] + K3, 11);
    b = Integer.rotateLeft(b + h(c, d, a) + in[4] + K3, 15);

    buf[0] += a;
    buf[1] += b;
    buf[2] += c;
    buf[3] += d;
  }

  private static int f(int x, int y, int z) {
    return z ^ (x & (y ^ z));
  }

  private static int g(int x, int y, int z) {
    return (x & y) + ((x ^ y) & z);
  }

  private static int h(int x, int y, int z) {
    return x ^ y ^ z;
  }
}
