package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.DEFAULT_BLOCK_SIZE;
import static dev.mkddi.squashfs.SquashfsConstants.MAX_BLOCK_SIZE;
import static dev.mkddi.squashfs.SquashfsConstants.MIN_BLOCK_SIZE;

import java.time.Instant;
import java.util.Optional;

/**
 * How {@link SquashfsWriter} builds an image; the defaults are mksquashfs's. Immutable.
 *
 * @param compression the compressor and its options (default gzip level 9)
 * @param blockSize the data block size: a power of two from 4 KiB to 1 MiB (default 128 KiB)
 * @param mkfsTime the superblock's creation time (SOURCE_DATE_EPOCH), or empty for the newest mtime
 *     in the tree
 * @param clampMtimes whether mtimes later than {@code mkfsTime} are set to it
 * @param tailEnds whether the last partial block of files larger than a block goes into a fragment
 *     too (mksquashfs {@code -tailends}; default off, as in mksquashfs)
 * @param exportTable whether to write the inode lookup table that makes the file system exportable
 *     over NFS (default on, as in mksquashfs)
 * @param duplicates whether files with identical contents share their data (default on)
 */
public record SquashfsOptions(
    SquashfsCompression compression,
    int blockSize,
    Optional<Instant> mkfsTime,
    boolean clampMtimes,
    boolean tailEnds,
    boolean exportTable,
    boolean duplicates) {

  /**
   * @param compression the compressor
   * @param blockSize the block size
   * @param mkfsTime the creation time or empty
   * @param clampMtimes clamp newer mtimes to the creation time
   * @param tailEnds pack tail ends into fragments
   * @param exportTable write the NFS export table
   * @param duplicates share the data of identical files
   * @throws IllegalArgumentException when the block size is not a power of two from 4 KiB to 1 MiB,
   *     the xz dictionary is larger than a block, the compressor cannot be written, or clamping is
   *     asked for without a creation time
   */
  public SquashfsOptions {
    if (blockSize < MIN_BLOCK_SIZE
        || blockSize > MAX_BLOCK_SIZE
        || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "block size " + blockSize + " is not a power of two from 4096 to 1048576");
    }
    Optional<String> unwritable = compression.compressor().writable();
    if (unwritable.isPresent()) {
      throw new IllegalArgumentException(unwritable.get());
    }
    if (compression.dictionaryFor(blockSize) > blockSize) {
      throw new IllegalArgumentException(
          "xz dictionary size "
              + compression.dictionaryFor(blockSize)
              + " is larger than the block size "
              + blockSize);
    }
    if (clampMtimes && mkfsTime.isEmpty()) {
      throw new IllegalArgumentException("clampMtimes needs a mkfsTime");
    }
    mkfsTime.ifPresent(SquashfsOptions::checkTime);
  }

  /**
   * @return gzip, 128 KiB blocks, no tail-end packing, export table, duplicate detection
   */
  public static SquashfsOptions defaults() {
    return new SquashfsOptions(
        SquashfsCompression.defaults(),
        DEFAULT_BLOCK_SIZE,
        Optional.empty(),
        false,
        false,
        true,
        true);
  }

  /**
   * @param c the compressor and its options
   * @return a copy with the compression replaced
   */
  public SquashfsOptions withCompression(SquashfsCompression c) {
    return new SquashfsOptions(
        c, blockSize, mkfsTime, clampMtimes, tailEnds, exportTable, duplicates);
  }

  /**
   * @param size the data block size
   * @return a copy with the block size replaced
   */
  public SquashfsOptions withBlockSize(int size) {
    return new SquashfsOptions(
        compression, size, mkfsTime, clampMtimes, tailEnds, exportTable, duplicates);
  }

  /**
   * SOURCE_DATE_EPOCH semantics: the creation time is {@code time} and later mtimes are clamped.
   *
   * @param time the source date epoch
   * @return a copy with the creation time set and clamping on
   */
  public SquashfsOptions withSourceDateEpoch(Instant time) {
    return new SquashfsOptions(
        compression, blockSize, Optional.of(time), true, tailEnds, exportTable, duplicates);
  }

  /**
   * @param on whether to pack tail ends into fragments
   * @return a copy with tail-end packing set
   */
  public SquashfsOptions withTailEnds(boolean on) {
    return new SquashfsOptions(
        compression, blockSize, mkfsTime, clampMtimes, on, exportTable, duplicates);
  }

  /**
   * @param on whether to write the export table
   * @return a copy with the export table set
   */
  public SquashfsOptions withExportTable(boolean on) {
    return new SquashfsOptions(
        compression, blockSize, mkfsTime, clampMtimes, tailEnds, on, duplicates);
  }

  /**
   * @param on whether identical files share their data
   * @return a copy with duplicate detection set
   */
  public SquashfsOptions withDuplicates(boolean on) {
    return new SquashfsOptions(
        compression, blockSize, mkfsTime, clampMtimes, tailEnds, exportTable, on);
  }

  /** The largest time squashfs stores: unsigned 32-bit seconds. */
  static final long MAX_TIME = 0xFFFF_FFFFL;

  private static void checkTime(Instant t) {
    if (t.getEpochSecond() < 0 || t.getEpochSecond() > MAX_TIME) {
      throw new IllegalArgumentException(
          "creation time " + t + " is outside squashfs's range (1970 to 2106)");
    }
  }
}
