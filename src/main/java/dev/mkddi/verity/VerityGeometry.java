package dev.mkddi.verity;

import java.util.List;

/**
 * Where every level of a hash tree lives on the hash device, computed as libcryptsetup does. Level
 * 0 holds the digests of the data blocks; the highest level is a single block. Levels are laid out
 * top level first, starting at {@link #hashStartBlock()}. Immutable and thread-safe.
 *
 * @param hashBlockSize bytes per hash block
 * @param digestSize bytes per digest
 * @param entrySize bytes between consecutive entries of a hash block (the digest size for format 0,
 *     the next power of two for format 1)
 * @param hashesPerBlock entries per hash block, a power of two
 * @param hashStartBlock first tree block, in hash blocks from the start of the hash device (after
 *     the superblock when there is one); the kernel table's {@code hash_start_block}
 * @param levels the levels, index 0 = leaves; empty when only one data block is covered
 */
public record VerityGeometry(
    int hashBlockSize,
    int digestSize,
    int entrySize,
    int hashesPerBlock,
    long hashStartBlock,
    List<Level> levels) {

  /**
   * One level of the tree.
   *
   * @param startBlock first block, in hash blocks from the start of the hash device
   * @param blocks number of blocks
   */
  public record Level(long startBlock, long blocks) {}

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when a value is inconsistent
   */
  public VerityGeometry {
    if (Integer.bitCount(hashesPerBlock) != 1
        || (long) hashesPerBlock * entrySize > hashBlockSize) {
      throw new IllegalArgumentException(
          hashesPerBlock + " entries of " + entrySize + " bytes do not fit " + hashBlockSize);
    }
    levels = List.copyOf(levels);
  }

  /**
   * Computes the geometry of {@code p}.
   *
   * @param p the parameters
   * @return the geometry
   * @throws IllegalArgumentException when the tree would be deeper than the kernel allows or the
   *     hash device larger than 2^63 bytes
   */
  public static VerityGeometry of(VerityParams p) {
    int hbs = p.hashBlockSize();
    int ds = p.hash().digestSize();
    int hpb = Integer.highestOneBit(hbs / ds);
    int bits = Integer.numberOfTrailingZeros(hpb);
    int entry = p.hashType() == VerityHashType.NORMAL ? p.hash().slotSize() : ds;
    long n = p.dataBlocks();
    int count = 0;
    while (bits * count < Long.SIZE && ((n - 1) >>> (bits * count)) != 0) {
      count++;
    }
    if (count > VerityConstants.MAX_LEVELS) {
      throw new IllegalArgumentException(count + " tree levels; the kernel allows 63");
    }
    long start =
        p.superblock()
            ? ceilDiv(Math.addExact(p.hashOffset(), VerityConstants.SUPERBLOCK_SIZE), hbs)
            : p.hashOffset() / hbs;
    Level[] levels = new Level[count];
    long position = start;
    for (int i = count - 1; i >= 0; i--) {
      long blocks = ((n - 1) >>> ((i + 1) * bits)) + 1;
      levels[i] = new Level(position, blocks);
      position = Math.addExact(position, blocks);
    }
    Math.multiplyExact(position, (long) hbs);
    return new VerityGeometry(hbs, ds, entry, hpb, start, List.of(levels));
  }

  /**
   * @return number of levels (0 when a single data block is covered)
   */
  public int levelCount() {
    return levels.size();
  }

  /**
   * @param i the level, 0 = leaves
   * @return the level
   */
  public Level level(int i) {
    return levels.get(i);
  }

  /**
   * @return number of tree blocks (what veritysetup reports as "Hash blocks")
   */
  public long hashBlocks() {
    long sum = 0;
    for (Level l : levels) {
      sum += l.blocks();
    }
    return sum;
  }

  /**
   * @return byte offset of the tree from the start of the hash device
   */
  public long treeOffset() {
    return hashStartBlock * hashBlockSize;
  }

  /**
   * The bytes of hash device the format uses, counted from the start of the hash device (so the
   * hash offset, the superblock block and the tree). Size a hash partition with this.
   *
   * @return {@code (hashStartBlock + hashBlocks) × hashBlockSize}
   */
  public long hashDeviceSize() {
    return (hashStartBlock + hashBlocks()) * hashBlockSize;
  }

  /**
   * @param i the level, 0 = leaves
   * @return byte offset of the level's first block from the start of the hash device
   */
  public long levelOffset(int i) {
    return levels.get(i).startBlock() * hashBlockSize;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
