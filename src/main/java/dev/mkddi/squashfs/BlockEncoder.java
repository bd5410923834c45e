package dev.mkddi.squashfs;

/**
 * Compresses one squashfs block (a data block, a fragment block or an 8 KiB metadata block) at a
 * time. Each thread makes its own: implementations keep encoder state and are not thread-safe.
 */
interface BlockEncoder extends AutoCloseable {
  /**
   * @param src the uncompressed bytes
   * @param offset where they start in {@code src}
   * @param length how many there are, at most the block size
   * @param dst where the compressed bytes go, from index 0; at least {@code length} long
   * @return the compressed length when it is smaller than {@code length}, else -1 (the block is
   *     then stored uncompressed)
   */
  int compress(byte[] src, int offset, int length, byte[] dst);

  /** Frees native encoder memory. */
  @Override
  default void close() {}
}
