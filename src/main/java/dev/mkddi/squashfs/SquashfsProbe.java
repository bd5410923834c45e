package dev.mkddi.squashfs;

import java.nio.ByteBuffer;

/**
 * Recognises a SquashFS image by the magic at the start of its superblock, for whoever must tell
 * file systems apart before choosing a reader ({@code inspect}). Stateless.
 */
public final class SquashfsProbe {
  /** How many bytes from the start of the image {@link #matches} looks at. */
  public static final int HEAD_BYTES = SquashfsConstants.SB_MAGIC + 4;

  private SquashfsProbe() {}

  /**
   * @param head the image's first bytes, little-endian, at least {@link #HEAD_BYTES} of them from
   *     index 0
   * @return whether they carry squashfs's {@code s_magic} ("hsqs")
   */
  public static boolean matches(ByteBuffer head) {
    return head.limit() >= HEAD_BYTES
        && head.getInt(SquashfsConstants.SB_MAGIC) == SquashfsConstants.SQUASHFS_MAGIC;
  }
}
