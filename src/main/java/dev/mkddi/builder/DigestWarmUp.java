package dev.mkddi.builder;

import java.security.MessageDigest;

/**
 * Gets the JIT to compile a digest's block function (and so use the CPU's SHA instructions) while
 * the build is still reading its tree, so the hash tree is computed at full speed from its first
 * block instead of spending its first hundreds of megabytes in the interpreter. Runs on a daemon
 * thread; stateless.
 */
final class DigestWarmUp {
  /** Enough 64-byte blocks for the block function to be compiled by the optimizing JIT. */
  private static final int ROUNDS = 256;

  private static final int CHUNK = 32 * 1024;

  private DigestWarmUp() {}

  /**
   * @param digest a fresh digest of the algorithm the build will use
   */
  static void start(MessageDigest digest) {
    Thread t =
        new Thread(
            () -> {
              byte[] chunk = new byte[CHUNK];
              for (int i = 0; i < ROUNDS; i++) {
                digest.update(chunk);
              }
              digest.digest();
            },
            "mkddi-digest-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }
}
