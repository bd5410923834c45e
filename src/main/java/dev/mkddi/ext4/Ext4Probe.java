package dev.mkddi.ext4;

import java.nio.ByteBuffer;

/**
 * Recognises an ext2/3/4 file system by the magic in its superblock, for whoever must tell file
 * systems apart before choosing a reader ({@code inspect}). Stateless.
 */
public final class Ext4Probe {
  /** How many bytes from the start of the file system {@link #matches} looks at. */
  public static final int HEAD_BYTES = Ext4Constants.SUPERBLOCK_OFFSET + Ext4Constants.S_MAGIC + 2;

  private Ext4Probe() {}

  /**
   * @param head the file system's first bytes, little-endian, at least {@link #HEAD_BYTES} of them
   *     from index 0
   * @return whether they carry the {@code s_magic} 0xEF53
   */
  public static boolean matches(ByteBuffer head) {
    return head.limit() >= HEAD_BYTES
        && head.getShort(Ext4Constants.SUPERBLOCK_OFFSET + Ext4Constants.S_MAGIC)
            == Ext4Constants.EXT4_MAGIC;
  }
}
