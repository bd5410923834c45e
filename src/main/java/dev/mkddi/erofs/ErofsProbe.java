package dev.mkddi.erofs;

import java.nio.ByteBuffer;

/**
 * Recognises an EROFS image by the magic of its superblock, for whoever must tell file systems
 * apart before choosing a reader ({@code inspect}). Stateless.
 */
public final class ErofsProbe {
  /** How many bytes from the start of the image {@link #matches} looks at. */
  public static final int HEAD_BYTES =
      ErofsConstants.SUPERBLOCK_OFFSET + ErofsConstants.SB_MAGIC + 4;

  private ErofsProbe() {}

  /**
   * @param head the image's first bytes, little-endian, at least {@link #HEAD_BYTES} of them from
   *     index 0
   * @return whether they carry EROFS's superblock magic
   */
  public static boolean matches(ByteBuffer head) {
    return head.limit() >= HEAD_BYTES
        && head.getInt(ErofsConstants.SUPERBLOCK_OFFSET + ErofsConstants.SB_MAGIC)
            == ErofsConstants.EROFS_SUPER_MAGIC_V1;
  }
}
