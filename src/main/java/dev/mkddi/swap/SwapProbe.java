package dev.mkddi.swap;

import java.nio.ByteBuffer;

/**
 * Recognises a swap area by the signature at the end of its first page, for whoever must tell
 * partition contents apart before choosing a reader ({@code inspect}). Only 4 KiB pages, the page
 * size mkddi writes and x86-64 and most arm64 kernels use. Stateless.
 */
public final class SwapProbe {
  /** The page size looked at, and how many bytes from the start {@link #matches} needs. */
  public static final int HEAD_BYTES = 4096;

  private SwapProbe() {}

  /**
   * @param head the area's first bytes, at least {@link #HEAD_BYTES} of them from index 0
   * @return whether the first 4 KiB page ends in {@code SWAPSPACE2}
   */
  public static boolean matches(ByteBuffer head) {
    if (head.limit() < HEAD_BYTES) {
      return false;
    }
    int at = HEAD_BYTES - SwapConstants.MAGIC_LENGTH;
    for (int i = 0; i < SwapConstants.MAGIC_LENGTH; i++) {
      if (head.get(at + i) != SwapConstants.MAGIC[i]) {
        return false;
      }
    }
    return true;
  }
}
