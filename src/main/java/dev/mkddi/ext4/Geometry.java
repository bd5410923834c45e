package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.InvalidInputException;

/**
 * The shape of one file system: block count, groups, inodes per group, descriptor and reserved GDT
 * blocks, journal size and reserved blocks. {@link #writable} follows mke2fs 1.47's rules for an
 * ext4 of a given size (inode ratio by size class, 5 % reserved blocks, reserved GDT blocks to grow
 * 1024-fold, the default journal size, a too-small last group dropped); {@link #readOnly} fits an
 * exact block count with no journal, reserve or GDT reserve. Immutable.
 *
 * @param blocks the block count
 * @param blocksPerGroup blocks per group (32768 unless many inodes need more groups)
 * @param groups the number of groups
 * @param inodesPerGroup inodes per group, a multiple of 16
 * @param descBlocks blocks of the group descriptor table
 * @param reservedGdtBlocks reserved GDT blocks after each descriptor table copy (resize_inode)
 * @param journalBlocks blocks of the journal, 0 for none
 * @param reservedBlocks blocks reserved for root ({@code s_r_blocks_count})
 */
record Geometry(
    long blocks,
    int blocksPerGroup,
    int groups,
    int inodesPerGroup,
    int descBlocks,
    int reservedGdtBlocks,
    int journalBlocks,
    long reservedBlocks) {

  /** Fewest blocks mkddi writes an ext4 with (mke2fs refuses smaller ones for other reasons). */
  static final long MIN_BLOCKS = 64;

  /** Largest block count: 2^32 blocks of 4 KiB is what the 64bit layout here is tested for. */
  static final long MAX_BLOCKS = 1L << 32;

  private static final long MIB_BLOCKS = (1 << 20) / BLOCK_SIZE;

  /**
   * @param newBlocks a block count in the same last group
   * @return this geometry ending after {@code newBlocks} blocks
   */
  Geometry withBlocks(long newBlocks) {
    if (Geometry.ceilDiv(newBlocks, blocksPerGroup) != groups) {
      throw new IllegalArgumentException(newBlocks + " blocks change the group count " + groups);
    }
    return new Geometry(
        newBlocks,
        blocksPerGroup,
        groups,
        inodesPerGroup,
        descBlocks,
        reservedGdtBlocks,
        journalBlocks,
        reservedBlocks);
  }

  /**
   * @return the inode count
   */
  long inodes() {
    return (long) inodesPerGroup * groups;
  }

  /**
   * @return blocks of each group's inode table
   */
  int inodeTableBlocks() {
    return inodesPerGroup / INODES_PER_BLOCK;
  }

  /**
   * @param group a group
   * @return its first block
   */
  long groupStart(int group) {
    return (long) group * blocksPerGroup;
  }

  /**
   * @param group a group
   * @return its block count (the last group may be short)
   */
  int groupBlocks(int group) {
    return (int) Math.min(blocksPerGroup, blocks - groupStart(group));
  }

  /**
   * @param group a group
   * @return whether it holds a superblock copy (sparse_super: 0, 1 and powers of 3, 5, 7)
   */
  static boolean hasSuper(int group) {
    if (group <= 1) {
      return true;
    }
    if ((group & 1) == 0) {
      return false;
    }
    return isPower(group, 3) || isPower(group, 5) || isPower(group, 7);
  }

  private static boolean isPower(int n, int base) {
    long p = base;
    while (p < n) {
      p *= base;
    }
    return p == n;
  }

  /**
   * @param group a group
   * @return blocks at its start taken by the superblock, GDT and reserved GDT copy (0 if none)
   */
  int superArea(int group) {
    return hasSuper(group) ? 1 + descBlocks + reservedGdtBlocks : 0;
  }

  /**
   * The geometry mke2fs gives a writable ext4 of {@code requestedBlocks} blocks.
   *
   * @param requestedBlocks blocks available
   * @param minInodes at least this many inodes
   * @param journal whether to size a journal
   * @return the geometry (its block count may be smaller: a too-small last group is dropped)
   * @throws InvalidInputException when the size cannot hold an ext4
   */
  static Geometry writable(long requestedBlocks, long minInodes, boolean journal)
      throws InvalidInputException {
    checkRange(requestedBlocks);
    long blocks = requestedBlocks;
    int bpg = MAX_BLOCKS_PER_GROUP;
    long wantedInodes = Math.max(minInodes, blocks * BLOCK_SIZE / inodeRatio(blocks));
    while (true) {
      int groups = (int) ceilDiv(blocks, bpg);
      int ipg = inodesPerGroup(wantedInodes, groups);
      if (ipg > MAX_INODES_PER_GROUP) {
        if (bpg <= 256) {
          throw new InvalidInputException(
              wantedInodes + " inodes do not fit an ext4 of " + blocks + " blocks");
        }
        bpg -= 8; // mke2fs: more, smaller groups, from the full size again
        blocks = requestedBlocks;
        continue;
      }
      int desc = (int) ceilDiv(groups, DESCS_PER_BLOCK);
      int rsv = reservedGdt(blocks, bpg, desc);
      int itb = ipg / INODES_PER_BLOCK;
      long rem = blocks % bpg;
      int overhead = 2 + itb + (hasSuper(groups - 1) ? 1 + desc + rsv : 0);
      if (rem != 0 && rem < overhead + 50 && groups > 1) {
        blocks -= rem; // mke2fs drops a last group too small to be useful
        continue;
      }
      if (groups == 1 && rem != 0 && rem < overhead) {
        throw new InvalidInputException(blocks + " blocks are too few for an ext4");
      }
      int jblocks = journal ? journalBlocks(blocks) : 0;
      return new Geometry(blocks, bpg, groups, ipg, desc, rsv, jblocks, blocks * 5 / 100);
    }
  }

  /**
   * A read-only ext4 of exactly {@code blocks} blocks (or more, when {@code inodes} need more
   * groups than that many blocks have), without journal, reserved blocks or GDT reserve.
   *
   * @param blocks blocks wanted
   * @param inodes inodes needed
   * @return the geometry
   * @throws InvalidInputException when the file system would be too large
   */
  static Geometry readOnly(long blocks, long inodes) throws InvalidInputException {
    long b = Math.max(blocks, MIN_BLOCKS);
    int groupsForInodes = (int) ceilDiv(inodes, MAX_INODES_PER_GROUP);
    int bpg = MAX_BLOCKS_PER_GROUP;
    if (ceilDiv(b, bpg) < groupsForInodes) {
      bpg = (int) Math.max(256, ceilDiv(ceilDiv(b, groupsForInodes), 8) * 8);
      b = Math.max(b, (long) (groupsForInodes - 1) * bpg + 1);
    }
    checkRange(b);
    int groups = (int) ceilDiv(b, bpg);
    int desc = (int) ceilDiv(groups, DESCS_PER_BLOCK);
    return new Geometry(b, bpg, groups, inodesPerGroup(inodes, groups), desc, 0, 0, 0);
  }

  private static void checkRange(long blocks) throws InvalidInputException {
    if (blocks < MIN_BLOCKS) {
      throw new InvalidInputException(
          "an ext4 needs at least "
              + MIN_BLOCKS * BLOCK_SIZE
              + " bytes, got "
              + blocks * BLOCK_SIZE);
    }
    if (blocks > MAX_BLOCKS) {
      throw new InvalidInputException(
          "an ext4 of "
              + blocks * BLOCK_SIZE
              + " bytes is larger than the "
              + MAX_BLOCKS * BLOCK_SIZE
              + " mkddi writes");
    }
  }

  /** Inodes per group: enough for {@code inodes}, filling whole inode table blocks. */
  private static int inodesPerGroup(long inodes, int groups) {
    long ipg = ceilDiv(Math.max(inodes, FIRST_INO + 1), groups);
    return (int) Math.min(Integer.MAX_VALUE, ceilDiv(ipg, INODES_PER_BLOCK) * INODES_PER_BLOCK);
  }

  /** mke2fs's bytes per inode by size class (floppy, small, default, big, huge). */
  static int inodeRatio(long blocks) {
    if (blocks < 3 * MIB_BLOCKS) {
      return 8192;
    } else if (blocks < 512 * MIB_BLOCKS) {
      return 4096;
    } else if (blocks < 4L * 1024 * 1024 * MIB_BLOCKS) {
      return 16384;
    } else if (blocks < 16L * 1024 * 1024 * MIB_BLOCKS) {
      return 32768;
    }
    return 65536;
  }

  /** mke2fs's reserved GDT blocks: room to grow to 1024 times the size (or 2^32 blocks). */
  private static int reservedGdt(long blocks, int bpg, int descBlocks) {
    long max = blocks < 0xFFFF_FFFFL / 1024 ? blocks * 1024 : 0xFFFF_FFFFL;
    long rsvGroups = ceilDiv(max, bpg);
    long rsv = ceilDiv(rsvGroups, DESCS_PER_BLOCK) - descBlocks;
    return (int) Math.max(0, Math.min(rsv, ADDR_PER_BLOCK));
  }

  /** mke2fs's default journal size in blocks ({@code ext2fs_default_journal_size}). */
  static int journalBlocks(long blocks) {
    if (blocks < 2048) {
      return 0;
    } else if (blocks < 32768) {
      return 1024;
    } else if (blocks < 256 * 1024) {
      return 4096;
    } else if (blocks < 512 * 1024) {
      return 8192;
    } else if (blocks < 4096 * 1024) {
      return 16384;
    } else if (blocks < 8192 * 1024) {
      return 32768;
    } else if (blocks < 16384 * 1024) {
      return 65536;
    } else if (blocks < 32768 * 1024) {
      return 131072;
    }
    return 262144;
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
