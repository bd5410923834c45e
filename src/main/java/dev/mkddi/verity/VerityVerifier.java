package dev.mkddi.verity;

import dev.mkddi.io.Hex;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Turns what {@link VerityHashTree#verify} finds into {@link VerityCheck}s: truncated devices, a
 * root hash mismatch, and the first differing byte of a level, which it attributes to a child block
 * (a digest differs) or to the hash block itself (its padding is not zero). Not thread-safe; one
 * per verification.
 */
final class VerityVerifier {
  private final FileChannel data;
  private final long dataStart;
  private final FileChannel hash;
  private final long hashStart;
  private final VerityParams p;
  private final VerityGeometry g;

  VerityVerifier(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      VerityGeometry g) {
    this.data = data;
    this.dataStart = dataStart;
    this.hash = hash;
    this.hashStart = hashStart;
    this.p = p;
    this.g = g;
  }

  /**
   * @return a problem when either device is too short for the geometry, else null
   * @throws IOException when a size cannot be read
   */
  @Nullable VerityCheck checkSizes() throws IOException {
    long hashSize = hash.size() - hashStart;
    if (hashSize < g.hashDeviceSize()) {
      long block = Math.max(0, hashSize) / g.hashBlockSize();
      for (int i = g.levelCount() - 1; i >= 0; i--) {
        VerityGeometry.Level l = g.level(i);
        if (block < l.startBlock() + l.blocks()) {
          long index = Math.max(0, block - l.startBlock());
          return new VerityCheck(
              VerityCheck.Status.BAD_HASH_BLOCK,
              i,
              index,
              g.levelOffset(i) + index * g.hashBlockSize(),
              "hash device has "
                  + Math.max(0, hashSize)
                  + " bytes, the tree needs "
                  + g.hashDeviceSize()
                  + ": hash block "
                  + index
                  + " of level "
                  + i
                  + " is missing");
        }
      }
    }
    long dataSize = data.size() - dataStart;
    if (dataSize < p.dataBytes()) {
      long index = Math.max(0, dataSize) / p.dataBlockSize();
      return new VerityCheck(
          VerityCheck.Status.BAD_DATA_BLOCK,
          -1,
          index,
          index * p.dataBlockSize(),
          "data device has "
              + Math.max(0, dataSize)
              + " bytes, "
              + p.dataBlocks()
              + " blocks of "
              + p.dataBlockSize()
              + " need "
              + p.dataBytes()
              + ": data block "
              + index
              + " is missing");
    }
    return null;
  }

  /**
   * @param actual the digest of the top block (or of data block 0)
   * @param expected the root hash given
   * @return the problem
   */
  VerityCheck rootMismatch(byte[] actual, byte[] expected) {
    int top = g.levelCount() - 1;
    String what =
        top < 0
            ? "data block 0"
            : "the top hash block (level "
                + top
                + ", byte "
                + g.levelOffset(top)
                + " of the hash device)";
    return new VerityCheck(
        VerityCheck.Status.ROOT_HASH_MISMATCH,
        top,
        0,
        top < 0 ? 0 : g.levelOffset(top),
        "root hash mismatch: "
            + what
            + " hashes to "
            + Hex.encode(actual)
            + ", expected "
            + Hex.encode(expected));
  }

  /**
   * @param level the level that was compared
   * @param pos offset in that level of the first byte that differs
   * @return the problem
   */
  VerityCheck levelMismatch(int level, long pos) {
    int hbs = g.hashBlockSize();
    long block = pos / hbs;
    int inBlock = (int) (pos % hbs);
    int entry = inBlock / g.entrySize();
    long child = block * g.hashesPerBlock() + entry;
    long children = level == 0 ? p.dataBlocks() : g.level(level - 1).blocks();
    boolean digestByte = entry < g.hashesPerBlock() && inBlock % g.entrySize() < g.digestSize();
    String where = "(level " + level + ", block " + block + ", entry " + entry + ")";
    if (digestByte && child < children && level == 0) {
      return new VerityCheck(
          VerityCheck.Status.BAD_DATA_BLOCK,
          -1,
          child,
          child * p.dataBlockSize(),
          "data block "
              + child
              + " (byte "
              + child * p.dataBlockSize()
              + " of the data device) does not match its hash "
              + where);
    }
    if (digestByte && child < children) {
      long offset = g.levelOffset(level - 1) + child * hbs;
      return new VerityCheck(
          VerityCheck.Status.BAD_HASH_BLOCK,
          level - 1,
          child,
          offset,
          "hash block "
              + child
              + " of level "
              + (level - 1)
              + " (byte "
              + offset
              + " of the hash device) does not match its hash "
              + where);
    }
    long offset = g.levelOffset(level) + block * hbs;
    return new VerityCheck(
        VerityCheck.Status.BAD_HASH_BLOCK,
        level,
        block,
        offset,
        "hash block "
            + block
            + " of level "
            + level
            + " (byte "
            + offset
            + " of the hash device) has non-zero padding at byte "
            + (offset + inBlock));
  }
}
