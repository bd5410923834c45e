package dev.mkddi.squashfs;

import java.io.IOException;

/** Decompresses squashfs blocks. Not thread-safe: each reader makes its own. */
interface BlockDecoder extends AutoCloseable {
  /**
   * @param src the compressed bytes
   * @param offset where they start
   * @param length how many there are
   * @param dst where the uncompressed bytes go, from index 0
   * @param max the largest uncompressed size allowed (the block size, or 8192 for metadata)
   * @return the uncompressed length
   * @throws IOException when the bytes are not a valid stream of this compressor or decompress to
   *     more than {@code max} bytes
   */
  int decompress(byte[] src, int offset, int length, byte[] dst, int max) throws IOException;

  @Override
  default void close() {}
}
