package dev.mkddi.verity;

import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.WriteObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The leaf level of a hash tree, computed while the data device is written: as a {@link
 * WriteObserver} of the channel the data goes through, it digests every whole data block in the
 * bytes of each write, so {@link VerityHashTree#format(FileChannel, FileChannel, long,
 * VerityLeaves, dev.mkddi.io.ProgressListener)} need not read the data back. A block written more
 * than once or in pieces, changed unseen, or never written is read back and digested then, so the
 * tree is right whatever the writer does; only the cost depends on it (one whole-block write per
 * block costs nothing extra). Holds the level in memory ({@link #MAX_LEVEL_BYTES} at most: 64 MiB,
 * the leaves of 8 GiB of data in 4 KiB blocks with SHA-256).
 *
 * <p>Thread-safe: several threads may write (distinct blocks) at once.
 */
public final class VerityLeaves implements WriteObserver {
  /** The largest leaf level kept in memory. */
  public static final long MAX_LEVEL_BYTES = 64L << 20;

  /** Bytes per read when blocks are read back. */
  private static final int READ_BYTES = 1 << 20;

  private final VerityParams params;
  private final VerityGeometry geometry;
  private final long dataStart;
  private final int blockSize;
  private final long blocks;
  private final byte[] level;

  /** Blocks digested from a write. */
  private final AtomicLongArray seen;

  /** Blocks to read back: written again, in pieces or unseen. */
  private final AtomicLongArray stale;

  private final ThreadLocal<BlockDigester> digesters;

  private VerityLeaves(VerityParams p, VerityGeometry g, long dataStart) {
    this.params = p;
    this.geometry = g;
    this.dataStart = dataStart;
    this.blockSize = p.dataBlockSize();
    this.blocks = p.dataBlocks();
    this.level = new byte[Math.toIntExact(g.level(0).blocks() * g.hashBlockSize())];
    int words = Math.toIntExact((blocks + Long.SIZE - 1) / Long.SIZE);
    this.seen = new AtomicLongArray(words);
    this.stale = new AtomicLongArray(words);
    this.digesters = ThreadLocal.withInitial(() -> new BlockDigester(p));
  }

  /**
   * @param p the parameters of the tree
   * @param dataStart the offset of the data device in the channel that will be observed
   * @return the collector, or empty when the tree has no levels (one data block) or its leaf level
   *     is larger than {@link #MAX_LEVEL_BYTES}
   */
  public static Optional<VerityLeaves> of(VerityParams p, long dataStart) {
    VerityGeometry g = VerityGeometry.of(p);
    if (g.levelCount() == 0 || g.level(0).blocks() * g.hashBlockSize() > MAX_LEVEL_BYTES) {
      return Optional.empty();
    }
    return Optional.of(new VerityLeaves(p, g, dataStart));
  }

  /**
   * @return the parameters
   */
  public VerityParams params() {
    return params;
  }

  /**
   * @return the offset of the data device in the observed channel
   */
  public long dataStart() {
    return dataStart;
  }

  @Override
  public void written(long position, ByteBuffer bytes) {
    long from = position - dataStart;
    long to = from + bytes.remaining();
    long dataEnd = blocks * blockSize;
    if (to <= 0 || from >= dataEnd) {
      return;
    }
    long first = Math.max(0, from);
    long last = Math.min(to, dataEnd);
    long whole = (first + blockSize - 1) / blockSize;
    long wholeEnd = last / blockSize;
    if (whole >= wholeEnd) {
      markStale(first / blockSize, (last - 1) / blockSize + 1);
      return;
    }
    markStale(first / blockSize, whole);
    markStale(wholeEnd, (last + blockSize - 1) / blockSize);
    BlockDigester digester = digesters.get();
    int base = bytes.position();
    for (long b = whole; b < wholeEnd; b++) {
      if (!firstWrite(b)) {
        setBit(stale, b);
        continue;
      }
      int at = base + (int) (b * blockSize - from);
      ByteBuffer block = bytes.duplicate().limit(at + blockSize).position(at);
      digester.digest(block, level, entryPos(b));
    }
  }

  @Override
  public void changed(long position, long length) {
    long from = Math.max(0, position - dataStart);
    long to = Math.min(blocks * blockSize, position - dataStart + Math.max(0, length));
    if (to > from && length > 0) {
      markStale(from / blockSize, (to + blockSize - 1) / blockSize);
    }
  }

  /**
   * Digests the blocks no single write gave (reading them from the data device), then writes the
   * level at its place on the hash device.
   *
   * @param data the data device's channel (the real one, not the observed view)
   * @param hash the hash device's channel
   * @param levelStart the byte offset of the leaf level in {@code hash}
   * @throws IOException when reading or writing fails
   */
  void complete(FileChannel data, FileChannel hash, long levelStart) throws IOException {
    BlockDigester digester = new BlockDigester(params);
    int perRead = Math.max(1, READ_BYTES / blockSize);
    ByteBuffer buf = ByteBuffer.allocateDirect(perRead * blockSize);
    for (long b = 0; b < blocks; ) {
      if (getBit(seen, b) && !getBit(stale, b)) {
        b++;
        continue;
      }
      long end = b + 1; // a run of blocks to read back, one read
      while (end < blocks && end - b < perRead && !(getBit(seen, end) && !getBit(stale, end))) {
        end++;
      }
      buf.clear().limit((int) (end - b) * blockSize);
      PositionalIo.readFully(data, buf, dataStart + b * blockSize);
      for (long k = b; k < end; k++) {
        int at = (int) (k - b) * blockSize;
        digester.digest(buf.limit(at + blockSize).position(at), level, entryPos(k));
      }
      b = end;
    }
    PositionalIo.writeFully(hash, ByteBuffer.wrap(level), levelStart);
  }

  /**
   * @return the tree's geometry
   */
  VerityGeometry geometry() {
    return geometry;
  }

  private int entryPos(long block) {
    int perBlock = geometry.hashesPerBlock();
    return (int)
        ((block / perBlock) * geometry.hashBlockSize() + (block % perBlock) * geometry.entrySize());
  }

  private boolean firstWrite(long b) {
    long bit = 1L << b;
    return (seen.getAndAccumulate((int) (b >>> 6), bit, (x, y) -> x | y) & bit) == 0;
  }

  private void markStale(long from, long to) {
    for (long b = from; b < to; b++) {
      setBit(stale, b);
    }
  }

  private static void setBit(AtomicLongArray bits, long b) {
    long bit = 1L << b;
    bits.getAndAccumulate((int) (b >>> 6), bit, (x, y) -> x | y);
  }

  private static boolean getBit(AtomicLongArray bits, long b) {
    return (bits.get((int) (b >>> 6)) & (1L << b)) != 0;
  }
}
