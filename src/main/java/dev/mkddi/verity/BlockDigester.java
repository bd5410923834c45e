package dev.mkddi.verity;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Computes the salted digest of one block the way the tree format wants it: {@code H(salt ‖ block)}
 * for format 1, {@code H(block ‖ salt)} for format 0. Not thread-safe: one per thread.
 */
final class BlockDigester {
  private final MessageDigest md;
  private final byte[] salt;
  private final boolean saltFirst;
  private final int size;

  /**
   * @param p the parameters (algorithm, salt, format)
   */
  BlockDigester(VerityParams p) {
    this.md = p.hash().newDigest();
    this.salt = p.saltUnsafe();
    this.saltFirst = p.hashType() == VerityHashType.NORMAL;
    this.size = p.hash().digestSize();
  }

  /**
   * @return the digest length in bytes
   */
  int size() {
    return size;
  }

  /**
   * Digests {@code block[off, off+len)} into {@code out[outOff, outOff+size())}.
   *
   * @param block source bytes
   * @param off first byte
   * @param len number of bytes
   * @param out destination
   * @param outOff where the digest goes
   */
  void digest(byte[] block, int off, int len, byte[] out, int outOff) {
    if (saltFirst && salt.length > 0) {
      md.update(salt);
    }
    md.update(block, off, len);
    finish(out, outOff);
  }

  private void finish(byte[] out, int outOff) {
    if (!saltFirst && salt.length > 0) {
      md.update(salt);
    }
    try {
      md.digest(out, outOff, size);
    } catch (DigestException e) {
      throw new IllegalStateException("digest buffer too small", e);
    }
  }

  /**
   * Digests the remaining bytes of {@code block} (consuming them) into {@code out[outOff,
   * outOff+size())}.
   *
   * @param block source bytes, position to limit
   * @param out destination
   * @param outOff where the digest goes
   */
  void digest(ByteBuffer block, byte[] out, int outOff) {
    if (saltFirst && salt.length > 0) {
      md.update(salt);
    }
    md.update(block);
    finish(out, outOff);
  }

  /**
   * @param block the whole array is one block
   * @return its digest
   */
  byte[] digest(byte[] block) {
    byte[] out = new byte[size];
    digest(block, 0, block.length, out, 0);
    return out;
  }
}
