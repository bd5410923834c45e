package dev.mkddi.verity;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Writes and verifies dm-verity hash trees byte-identical to veritysetup's, on regions of {@link
 * FileChannel}s. The data device is the region of a channel that starts at {@code dataStart}; the
 * hash device the region that starts at {@code hashStart} (the hash offset of {@link VerityParams}
 * counts from there). Both may be the same channel, as in a disk image that holds the root and its
 * verity partition, or kiwi's hash-after-data layout.
 *
 * <p>The data is read once, in large positional reads, and the leaf level is hashed on several
 * threads; the upper levels are then computed from the hash device. Memory use is a few MiB per
 * thread, whatever the data size. Stateless and thread-safe; concurrent calls must not write the
 * same region.
 */
public final class VerityHashTree {
  private VerityHashTree() {}

  /**
   * Formats with one thread per available processor.
   *
   * @param data channel holding the data device
   * @param dataStart byte offset of the data device in {@code data}
   * @param hash channel holding the hash device, open for reading and writing
   * @param hashStart byte offset of the hash device in {@code hash}
   * @param p the parameters
   * @param listener receives the progress of hashing, in data bytes
   * @return the root hash and geometry
   * @throws InvalidInputException when the data is shorter than {@code p.dataBlocks()} blocks or
   *     the hash area overlaps it
   * @throws IOException when reading or writing fails
   */
  public static VerityResult format(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      ProgressListener listener)
      throws IOException {
    return format(data, dataStart, hash, hashStart, p, listener, defaultThreads());
  }

  /**
   * Computes the tree of the data device and writes it and the superblock (when {@code p} has one),
   * with positional writes. Like veritysetup it writes every byte of every tree block (padding
   * included) and the 512 bytes of the superblock, and nothing else: the rest of the superblock's
   * block, and anything outside the hash area, keep their contents (zeros in a new file or a fresh
   * image). Also like veritysetup, a hash channel that ends inside the superblock's block is grown
   * with zeros to the end of that block, so that with a superblock the hash device always has at
   * least {@link VerityGeometry#hashDeviceSize()} bytes.
   *
   * @param data channel holding the data device
   * @param dataStart byte offset of the data device in {@code data}
   * @param hash channel holding the hash device, open for reading and writing
   * @param hashStart byte offset of the hash device in {@code hash}
   * @param p the parameters
   * @param listener receives the progress of hashing, in data bytes
   * @param threads how many threads hash at once, at least 1
   * @return the root hash and geometry
   * @throws InvalidInputException when the data is shorter than {@code p.dataBlocks()} blocks or
   *     the hash area overlaps it
   * @throws IOException when reading or writing fails
   */
  public static VerityResult format(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      ProgressListener listener,
      int threads)
      throws IOException {
    return format(data, dataStart, hash, hashStart, p, listener, threads, null);
  }

  /**
   * Like {@link #format(FileChannel, long, FileChannel, long, VerityParams, ProgressListener)} for
   * data whose leaf digests were collected as it was written: only the blocks the collector did not
   * see whole are read back, and the upper levels are computed from the leaves.
   *
   * @param data channel holding the data device (the channel written through the collector's view)
   * @param hash channel holding the hash device, open for reading and writing
   * @param hashStart byte offset of the hash device in {@code hash}
   * @param leaves the leaf digests, with the parameters and the data device's offset
   * @param listener receives the progress of hashing, in data bytes
   * @return the root hash and geometry
   * @throws InvalidInputException when the data is shorter than the parameters' blocks or the hash
   *     area overlaps it
   * @throws IOException when reading or writing fails
   */
  public static VerityResult format(
      FileChannel data,
      FileChannel hash,
      long hashStart,
      VerityLeaves leaves,
      ProgressListener listener)
      throws IOException {
    return format(
        data,
        leaves.dataStart(),
        hash,
        hashStart,
        leaves.params(),
        listener,
        defaultThreads(),
        leaves);
  }

  private static VerityResult format(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      ProgressListener listener,
      int threads,
      @Nullable VerityLeaves leaves)
      throws IOException {
    VerityGeometry g = VerityGeometry.of(p);
    long dataEnd = Math.addExact(dataStart, p.dataBytes());
    if (data.size() < dataEnd) {
      throw new InvalidInputException(
          "data device: "
              + p.dataBlocks()
              + " blocks of "
              + p.dataBlockSize()
              + " bytes need "
              + p.dataBytes()
              + " bytes, only "
              + Math.max(0, data.size() - dataStart)
              + " are there");
    }
    if (data == hash) {
      checkOverlap(dataStart, dataEnd, hashStart, p, g);
    }
    LevelHasher hasher = new LevelHasher(p, g, threads);
    try (ProgressListener.Step step = listener.begin("dm-verity hash tree", p.dataBytes())) {
      for (int i = 0; i < g.levelCount(); i++) {
        long dst = hashStart + g.levelOffset(i);
        if (i == 0 && leaves != null) {
          leaves.complete(data, hash, dst);
          step.advance(p.dataBytes());
        } else if (i == 0) {
          hasher.run(data, dataStart, p.dataBlockSize(), p.dataBlocks(), hash, dst, false, step);
        } else {
          hasher.run(
              hash,
              hashStart + g.levelOffset(i - 1),
              g.hashBlockSize(),
              g.level(i - 1).blocks(),
              hash,
              dst,
              false,
              ProgressListener.Step.NONE);
        }
      }
    }
    byte[] root = rootDigest(data, dataStart, hash, hashStart, p, g);
    if (p.superblock()) {
      // only the 512 bytes, as veritysetup: the rest of its block keeps what was there
      PositionalIo.writeFully(hash, VeritySuperblock.of(p).encode(), hashStart + p.hashOffset());
      // veritysetup writes the superblock's whole block, which grows a short file to the tree
      long treeStart = hashStart + g.treeOffset();
      if (hash.size() < treeStart) {
        PositionalIo.writeFully(hash, ByteBuffer.allocate(1), treeStart - 1);
      }
    }
    return new VerityResult(root, g, p);
  }

  /**
   * Verifies with one thread per available processor.
   *
   * @param data channel holding the data device
   * @param dataStart byte offset of the data device in {@code data}
   * @param hash channel holding the hash device
   * @param hashStart byte offset of the hash device in {@code hash}
   * @param p the parameters (from the superblock, or given)
   * @param rootHash the expected root hash
   * @param listener receives the progress, in data bytes
   * @return OK or the first problem
   * @throws InvalidInputException when the root hash has the wrong length
   * @throws IOException when reading fails
   */
  public static VerityCheck verify(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      byte[] rootHash,
      ProgressListener listener)
      throws IOException {
    return verify(data, dataStart, hash, hashStart, p, rootHash, listener, defaultThreads());
  }

  /**
   * Recomputes the tree and compares, from the root down as the kernel does: the top block against
   * the root hash, each level against the one above it (including the zero padding that veritysetup
   * checks), then the data against the leaves. Reports the first problem found.
   *
   * @param data channel holding the data device
   * @param dataStart byte offset of the data device in {@code data}
   * @param hash channel holding the hash device
   * @param hashStart byte offset of the hash device in {@code hash}
   * @param p the parameters (from the superblock, or given)
   * @param rootHash the expected root hash
   * @param listener receives the progress, in data bytes
   * @param threads how many threads hash at once, at least 1
   * @return OK or the first problem
   * @throws InvalidInputException when the root hash has the wrong length
   * @throws IOException when reading fails
   */
  public static VerityCheck verify(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      byte[] rootHash,
      ProgressListener listener,
      int threads)
      throws IOException {
    if (rootHash.length != p.hash().digestSize()) {
      throw new InvalidInputException(
          "root hash has "
              + rootHash.length
              + " bytes; "
              + p.hash()
              + " root hashes have "
              + p.hash().digestSize());
    }
    VerityGeometry g = VerityGeometry.of(p);
    VerityVerifier v = new VerityVerifier(data, dataStart, hash, hashStart, p, g);
    VerityCheck truncated = v.checkSizes();
    if (truncated != null) {
      return truncated;
    }
    byte[] actual = rootDigest(data, dataStart, hash, hashStart, p, g);
    if (!MessageDigest.isEqual(actual, rootHash)) {
      return v.rootMismatch(actual, rootHash);
    }
    LevelHasher hasher = new LevelHasher(p, g, threads);
    for (int i = g.levelCount() - 1; i >= 0; i--) {
      long dst = hashStart + g.levelOffset(i);
      long first;
      if (i == 0) {
        try (ProgressListener.Step step = listener.begin("verifying", p.dataBytes())) {
          first =
              hasher.run(data, dataStart, p.dataBlockSize(), p.dataBlocks(), hash, dst, true, step);
        }
      } else {
        first =
            hasher.run(
                hash,
                hashStart + g.levelOffset(i - 1),
                g.hashBlockSize(),
                g.level(i - 1).blocks(),
                hash,
                dst,
                true,
                ProgressListener.Step.NONE);
      }
      if (first >= 0) {
        return v.levelMismatch(i, first);
      }
    }
    return VerityCheck.OK;
  }

  /** The digest the root hash is: of the top hash block, or of data block 0 without levels. */
  private static byte[] rootDigest(
      FileChannel data,
      long dataStart,
      FileChannel hash,
      long hashStart,
      VerityParams p,
      VerityGeometry g)
      throws IOException {
    boolean fromData = g.levelCount() == 0;
    byte[] block = new byte[fromData ? p.dataBlockSize() : g.hashBlockSize()];
    long pos = fromData ? dataStart : hashStart + g.levelOffset(g.levelCount() - 1);
    PositionalIo.readFully(fromData ? data : hash, ByteBuffer.wrap(block), pos);
    return new BlockDigester(p).digest(block);
  }

  private static void checkOverlap(
      long dataStart, long dataEnd, long hashStart, VerityParams p, VerityGeometry g)
      throws InvalidInputException {
    long from = hashStart + Math.min(p.hashOffset(), g.treeOffset());
    long to = hashStart + g.hashDeviceSize();
    if (from < to && from < dataEnd && dataStart < to) {
      throw new InvalidInputException(
          "the hash area (bytes "
              + from
              + " to "
              + to
              + ") overlaps the "
              + p.dataBlocks()
              + " data blocks (bytes "
              + dataStart
              + " to "
              + dataEnd
              + "); use a hash offset of at least "
              + (dataEnd - hashStart)
              + " or fewer data blocks");
    }
  }

  private static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
