package dev.mkddi.verity;

import java.nio.charset.StandardCharsets;

/** Verity parameters and raw metadata blocks of kiwi's layout, for the verity and inspect tests. */
public final class KiwiTestBlocks {
  /** The data and hash block size of the tests. */
  public static final int BLOCK = 4096;

  /** The salt of the tests. */
  public static final byte[] SALT = {0x5a, 0x17};

  private KiwiTestBlocks() {}

  /**
   * @return sha256 parameters without a superblock, as kiwi's metadata block states them
   */
  public static VerityParams noSuperblock(long dataBlocks, long hashOffset) {
    return new VerityParams(
        VerityHash.SHA256,
        BLOCK,
        BLOCK,
        VerityHashType.NORMAL,
        SALT.clone(),
        null,
        false,
        hashOffset,
        dataBlocks);
  }

  /**
   * @param text the block's text, {@code |} for each 0xFF
   * @return a 4 KiB block starting with it
   */
  public static byte[] block(String text) {
    byte[] b = new byte[BLOCK];
    byte[] t = text.replace('|', (char) 0xFF).getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(t, 0, b, 0, t.length);
    return b;
  }
}
