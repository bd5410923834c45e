package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * The ext4 superblock fields that vary between file systems written here; the others (block size,
 * inode size, first inode, descriptor size, mount defaults, checksum type, hash version) are fixed
 * and checked when read. Immutable.
 *
 * @param inodesCount {@code s_inodes_count}
 * @param blocksCount {@code s_blocks_count}
 * @param reservedBlocks {@code s_r_blocks_count}
 * @param freeBlocks {@code s_free_blocks_count}
 * @param freeInodes {@code s_free_inodes_count}
 * @param blocksPerGroup {@code s_blocks_per_group}
 * @param inodesPerGroup {@code s_inodes_per_group}
 * @param time {@code s_mkfs_time} and {@code s_lastcheck}, seconds since 1970 ({@code s_wtime}
 *     stays 0, never written: e2fsck objects to a last write in the future, which a tree's newest
 *     mtime may be)
 * @param compat {@code s_feature_compat}
 * @param incompat {@code s_feature_incompat}
 * @param roCompat {@code s_feature_ro_compat}
 * @param uuid {@code s_uuid}
 * @param label {@code s_volume_name}, 16 bytes
 * @param reservedGdtBlocks {@code s_reserved_gdt_blocks}
 * @param hashSeed {@code s_hash_seed}, 16 bytes
 * @param journalBlocks {@code s_jnl_blocks}: a copy of the journal inode's i_block, size high and
 *     size (17 words), or all zero without a journal
 * @param groupNr {@code s_block_group_nr}: the group this copy lives in
 */
record Superblock(
    long inodesCount,
    long blocksCount,
    long reservedBlocks,
    long freeBlocks,
    long freeInodes,
    int blocksPerGroup,
    int inodesPerGroup,
    long time,
    int compat,
    int incompat,
    int roCompat,
    UUID uuid,
    byte[] label,
    int reservedGdtBlocks,
    byte[] hashSeed,
    int[] journalBlocks,
    int groupNr) {

  Superblock {
    label = Arrays.copyOf(label, S_VOLUME_NAME_LEN);
    hashSeed = hashSeed.clone();
    journalBlocks = Arrays.copyOf(journalBlocks, S_JNL_BLOCKS_COUNT);
  }

  /**
   * @param group the group of a backup copy
   * @return this superblock as written in {@code group}
   */
  Superblock inGroup(int group) {
    return new Superblock(
        inodesCount,
        blocksCount,
        reservedBlocks,
        freeBlocks,
        freeInodes,
        blocksPerGroup,
        inodesPerGroup,
        time,
        compat,
        incompat,
        roCompat,
        uuid,
        label,
        reservedGdtBlocks,
        hashSeed,
        journalBlocks,
        group);
  }

  /**
   * @return the 1024 bytes of the superblock with its checksum
   */
  ByteBuffer encode() {
    ByteBuffer b = LittleEndian.allocate(SUPERBLOCK_SIZE);
    b.putInt(S_INODES_COUNT, (int) inodesCount)
        .putInt(S_BLOCKS_COUNT_LO, (int) blocksCount)
        .putInt(S_R_BLOCKS_COUNT_LO, (int) reservedBlocks)
        .putInt(S_FREE_BLOCKS_COUNT_LO, (int) freeBlocks)
        .putInt(S_FREE_INODES_COUNT, (int) freeInodes)
        .putInt(S_FIRST_DATA_BLOCK, 0)
        .putInt(S_LOG_BLOCK_SIZE, LOG_BLOCK_SIZE)
        .putInt(S_LOG_CLUSTER_SIZE, LOG_BLOCK_SIZE)
        .putInt(S_BLOCKS_PER_GROUP, blocksPerGroup)
        .putInt(S_CLUSTERS_PER_GROUP, blocksPerGroup)
        .putInt(S_INODES_PER_GROUP, inodesPerGroup)
        .putShort(S_MAX_MNT_COUNT, (short) -1)
        .putShort(S_MAGIC, EXT4_MAGIC)
        .putShort(S_STATE, (short) STATE_VALID)
        .putShort(S_ERRORS, (short) ERRORS_CONTINUE)
        .putInt(S_LASTCHECK, (int) time)
        .putInt(S_REV_LEVEL, REV_DYNAMIC)
        .putInt(S_FIRST_INO, FIRST_INO)
        .putShort(S_INODE_SIZE, (short) INODE_SIZE)
        .putShort(S_BLOCK_GROUP_NR, (short) groupNr)
        .putInt(S_FEATURE_COMPAT, compat)
        .putInt(S_FEATURE_INCOMPAT, incompat)
        .putInt(S_FEATURE_RO_COMPAT, roCompat)
        .putLong(S_UUID, 0) // placeholder, written big-endian below
        .put(S_VOLUME_NAME, label)
        .putShort(S_RESERVED_GDT_BLOCKS, (short) reservedGdtBlocks)
        .put(S_HASH_SEED, hashSeed)
        .put(S_DEF_HASH_VERSION, (byte) HASH_HALF_MD4)
        .putShort(S_DESC_SIZE, (short) DESC_SIZE)
        .putInt(S_DEFAULT_MOUNT_OPTS, DEFM_XATTR_USER | DEFM_ACL)
        .putInt(S_MKFS_TIME, (int) time)
        .putInt(S_BLOCKS_COUNT_HI, (int) (blocksCount >>> 32))
        .putInt(S_R_BLOCKS_COUNT_HI, (int) (reservedBlocks >>> 32))
        .putInt(S_FREE_BLOCKS_HI, (int) (freeBlocks >>> 32))
        .putShort(S_MIN_EXTRA_ISIZE, (short) EXTRA_ISIZE)
        .putShort(S_WANT_EXTRA_ISIZE, (short) EXTRA_ISIZE)
        .putInt(S_FLAGS, FLAGS_SIGNED_HASH)
        .put(S_LOG_GROUPS_PER_FLEX, (byte) LOG_GROUPS_PER_FLEX)
        .put(S_CHECKSUM_TYPE, (byte) CHECKSUM_CRC32C)
        .put(S_MKFS_TIME_HI, (byte) (time >>> 32))
        .put(S_LASTCHECK_HI, (byte) (time >>> 32));
    b.duplicate()
        .order(java.nio.ByteOrder.BIG_ENDIAN)
        .putLong(S_UUID, uuid.getMostSignificantBits())
        .putLong(S_UUID + 8, uuid.getLeastSignificantBits());
    if ((compat & COMPAT_HAS_JOURNAL) != 0) {
      b.putInt(S_JOURNAL_INUM, JOURNAL_INO).put(S_JNL_BACKUP_TYPE, (byte) JNL_BACKUP_BLOCKS);
      for (int i = 0; i < S_JNL_BLOCKS_COUNT; i++) {
        b.putInt(S_JNL_BLOCKS + 4 * i, journalBlocks[i]);
      }
    }
    b.putInt(S_CHECKSUM, Checksums.superblock(b));
    return b;
  }

  /**
   * @param b the 1024 bytes of a superblock
   * @param file the image, for messages
   * @param offset where the superblock is in it
   * @return the superblock
   * @throws FormatException when it is not an ext4 superblock as this package writes them
   */
  static Superblock decode(ByteBuffer b, String file, long offset) throws FormatException {
    if (b.getShort(S_MAGIC) != EXT4_MAGIC) {
      throw new FormatException(
          file,
          offset + S_MAGIC,
          "ext4 superblock magic",
          String.format("expected 0xef53, got 0x%04x", b.getShort(S_MAGIC) & 0xffff));
    }
    int stored = b.getInt(S_CHECKSUM);
    int computed = Checksums.superblock(b);
    if (stored != computed) {
      throw new FormatException(
          file,
          offset + S_CHECKSUM,
          "superblock checksum",
          String.format("expected 0x%08x, got 0x%08x", computed, stored));
    }
    expect(
        b.getInt(S_LOG_BLOCK_SIZE),
        LOG_BLOCK_SIZE,
        "s_log_block_size",
        file,
        offset + S_LOG_BLOCK_SIZE);
    expect(
        b.getInt(S_FIRST_DATA_BLOCK), 0, "s_first_data_block", file, offset + S_FIRST_DATA_BLOCK);
    expect(b.getShort(S_INODE_SIZE), INODE_SIZE, "s_inode_size", file, offset + S_INODE_SIZE);
    expect(b.getShort(S_DESC_SIZE), DESC_SIZE, "s_desc_size", file, offset + S_DESC_SIZE);
    ByteBuffer be = b.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
    byte[] label = new byte[S_VOLUME_NAME_LEN];
    b.get(S_VOLUME_NAME, label);
    byte[] seed = new byte[16];
    b.get(S_HASH_SEED, seed);
    int[] jnl = new int[S_JNL_BLOCKS_COUNT];
    for (int i = 0; i < jnl.length; i++) {
      jnl[i] = b.getInt(S_JNL_BLOCKS + 4 * i);
    }
    return new Superblock(
        LittleEndian.unsigned(b.getInt(S_INODES_COUNT)),
        wide(b, S_BLOCKS_COUNT_LO, S_BLOCKS_COUNT_HI),
        wide(b, S_R_BLOCKS_COUNT_LO, S_R_BLOCKS_COUNT_HI),
        wide(b, S_FREE_BLOCKS_COUNT_LO, S_FREE_BLOCKS_HI),
        LittleEndian.unsigned(b.getInt(S_FREE_INODES_COUNT)),
        b.getInt(S_BLOCKS_PER_GROUP),
        b.getInt(S_INODES_PER_GROUP),
        LittleEndian.unsigned(b.getInt(S_MKFS_TIME)) | (long) (b.get(S_MKFS_TIME_HI) & 0xff) << 32,
        b.getInt(S_FEATURE_COMPAT),
        b.getInt(S_FEATURE_INCOMPAT),
        b.getInt(S_FEATURE_RO_COMPAT),
        new UUID(be.getLong(S_UUID), be.getLong(S_UUID + 8)),
        label,
        Short.toUnsignedInt(b.getShort(S_RESERVED_GDT_BLOCKS)),
        seed,
        jnl,
        Short.toUnsignedInt(b.getShort(S_BLOCK_GROUP_NR)));
  }

  private static long wide(ByteBuffer b, int lo, int hi) {
    return LittleEndian.unsigned(b.getInt(lo)) | LittleEndian.unsigned(b.getInt(hi)) << 32;
  }

  private static void expect(int got, int want, String field, String file, long offset)
      throws FormatException {
    if (got != want) {
      throw new FormatException(
          file, offset, field, "expected " + want + " (as mkddi writes), got " + got);
    }
  }

  /**
   * @return the hash seed as the four little-endian words the name hash takes
   */
  int[] hashSeedWords() {
    ByteBuffer s = LittleEndian.wrap(hashSeed);
    return new int[] {s.getInt(0), s.getInt(4), s.getInt(8), s.getInt(12)};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Superblock s
        && inodesCount == s.inodesCount
        && blocksCount == s.blocksCount
        && reservedBlocks == s.reservedBlocks
        && freeBlocks == s.freeBlocks
        && freeInodes == s.freeInodes
        && blocksPerGroup == s.blocksPerGroup
        && inodesPerGroup == s.inodesPerGroup
        && time == s.time
        && compat == s.compat
        && incompat == s.incompat
        && roCompat == s.roCompat
        && uuid.equals(s.uuid)
        && Arrays.equals(label, s.label)
        && reservedGdtBlocks == s.reservedGdtBlocks
        && Arrays.equals(hashSeed, s.hashSeed)
        && Arrays.equals(journalBlocks, s.journalBlocks)
        && groupNr == s.groupNr;
  }

  @Override
  public int hashCode() {
    return uuid.hashCode() * 31 + Long.hashCode(blocksCount);
  }

  @Override
  public String toString() {
    return "Superblock[blocks=" + blocksCount + ", inodes=" + inodesCount + ", uuid=" + uuid + "]";
  }
}
