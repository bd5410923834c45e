package dev.mkddi.verity;

import java.nio.charset.StandardCharsets;

/**
 * Layout of the dm-verity superblock ({@code struct verity_sb}, little-endian, packed) and the
 * limits veritysetup enforces. Offsets are chained: each field starts where the previous ends.
 */
public final class VerityConstants {
  private VerityConstants() {}

  /** Size of the superblock structure; the rest of its hash block is zero. */
  public static final int SUPERBLOCK_SIZE = 512;

  /** {@code verity} followed by two NUL bytes. */
  static final byte[] SIGNATURE = "verity\0\0".getBytes(StandardCharsets.US_ASCII);

  /** The only superblock version. */
  static final int SUPERBLOCK_VERSION = 1;

  static final int SIGNATURE_OFFSET = 0;
  static final int SIGNATURE_LEN = 8;
  static final int VERSION_OFFSET = SIGNATURE_OFFSET + SIGNATURE_LEN;
  static final int VERSION_LEN = 4;
  static final int HASH_TYPE_OFFSET = VERSION_OFFSET + VERSION_LEN;
  static final int HASH_TYPE_LEN = 4;
  static final int UUID_OFFSET = HASH_TYPE_OFFSET + HASH_TYPE_LEN;
  static final int UUID_LEN = 16;
  static final int ALGORITHM_OFFSET = UUID_OFFSET + UUID_LEN;
  static final int ALGORITHM_LEN = 32;
  static final int DATA_BLOCK_SIZE_OFFSET = ALGORITHM_OFFSET + ALGORITHM_LEN;
  static final int DATA_BLOCK_SIZE_LEN = 4;
  static final int HASH_BLOCK_SIZE_OFFSET = DATA_BLOCK_SIZE_OFFSET + DATA_BLOCK_SIZE_LEN;
  static final int HASH_BLOCK_SIZE_LEN = 4;
  static final int DATA_BLOCKS_OFFSET = HASH_BLOCK_SIZE_OFFSET + HASH_BLOCK_SIZE_LEN;
  static final int DATA_BLOCKS_LEN = 8;
  static final int SALT_SIZE_OFFSET = DATA_BLOCKS_OFFSET + DATA_BLOCKS_LEN;
  static final int SALT_SIZE_LEN = 2;
  static final int PAD1_OFFSET = SALT_SIZE_OFFSET + SALT_SIZE_LEN;
  static final int PAD1_LEN = 6;
  static final int SALT_OFFSET = PAD1_OFFSET + PAD1_LEN;
  static final int SALT_LEN = 256;
  static final int PAD2_OFFSET = SALT_OFFSET + SALT_LEN;
  static final int PAD2_LEN = SUPERBLOCK_SIZE - PAD2_OFFSET;

  /** Smallest data or hash block size. */
  public static final int MIN_BLOCK_SIZE = 512;

  /** Largest data or hash block size (veritysetup's limit). */
  public static final int MAX_BLOCK_SIZE = 512 * 1024;

  /** Longest salt. */
  public static final int MAX_SALT_SIZE = SALT_LEN;

  /** Hash offsets must be a multiple of this. */
  public static final int HASH_OFFSET_ALIGNMENT = 512;

  /** Deepest tree veritysetup and the kernel accept. */
  public static final int MAX_LEVELS = 63;

  /** Salt length veritysetup picks when none is given. */
  public static final int DEFAULT_SALT_SIZE = 32;

  /** Default data and hash block size. */
  public static final int DEFAULT_BLOCK_SIZE = 4096;
}
