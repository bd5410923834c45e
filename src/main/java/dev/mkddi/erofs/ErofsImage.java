package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.erofs.ErofsCompression.Fragments;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * A planned EROFS image that {@link #write} streams into a channel at any offset (for example
 * inside a partition of a disk image).
 *
 * <p>The metadata area is cut into chunks of about 1 MiB; one task per chunk fills the chunk's
 * inodes, xattrs and inline tails in a buffer, copies the data blocks of those inodes not yet
 * written from their sources with positional reads and writes through a per-thread direct buffer
 * (so tasks run in parallel on one channel), and writes the chunk. (Measured on JDK 17, this costs
 * less CPU than {@link FileChannel#transferFrom}, which maps every source file, and {@code
 * transferTo} is not positional, so it cannot run in parallel.) Neither a file nor the image is
 * held in memory, and the bytes do not depend on the number of threads.
 *
 * <p>An uncompressed image is placed when planned: its size is known before it is written, the
 * metadata area starts at block 0 and its first chunk also gets the superblock. A compressed image
 * is placed as it is written: {@link CompressionPass} compresses the files into the blocks after
 * block 0, in inode order, then the metadata area follows ({@code meta_blkaddr}), and block 0 with
 * the superblock is written last; {@link #sizeBytes()} and the other facts are known from then on
 * (and {@link #write} returns them). Every block is written whole, once, apart from the rare blocks
 * a file that did not compress gives back.
 *
 * <p>An uncompressed image is immutable and thread-safe, and {@link #write} gives identical bytes
 * each time. A compressed one is written once, by one thread.
 */
public final class ErofsImage implements AutoCloseable {
  /** Bytes of metadata one task writes. */
  static final int CHUNK = 1 << 20;

  /** Size of each thread's buffer for copying file contents. */
  private static final int COPY_BUFFER = 1 << 20;

  /**
   * A placed image.
   *
   * @param byNid the inodes in nid order
   * @param superblock the superblock
   * @param configs the compression configurations that follow it
   */
  record Layout(List<PlannedInode> byNid, Superblock superblock, byte[] configs) {
    Layout {
      byNid = List.copyOf(byNid);
      configs = configs.clone();
    }
  }

  /**
   * What a compressed image needs to be written.
   *
   * @param inodes the described inodes, root first
   * @param options the options (compression included)
   * @param buildTime the build time
   * @param spoolDirectory where the side files go, or null
   * @param threads compressing threads
   */
  private record Pending(
      List<PlannedInode> inodes,
      ErofsOptions options,
      Instant buildTime,
      @Nullable Path spoolDirectory,
      int threads) {}

  private final @Nullable Pending pending;
  private @Nullable Layout layout;
  private boolean written;

  private ErofsImage(@Nullable Layout layout, @Nullable Pending pending) {
    this.layout = layout;
    this.pending = pending;
  }

  /**
   * @param layout the placed image
   * @return an uncompressed image
   */
  static ErofsImage planned(Layout layout) {
    return new ErofsImage(layout, null);
  }

  /**
   * @param inodes the described inodes, root first
   * @param options the options, with compression
   * @param buildTime the build time
   * @param spoolDirectory where the side files go, or null
   * @param threads compressing threads
   * @return a compressed image, placed as it is written
   */
  static ErofsImage compressed(
      List<PlannedInode> inodes,
      ErofsOptions options,
      Instant buildTime,
      @Nullable Path spoolDirectory,
      int threads) {
    return new ErofsImage(null, new Pending(inodes, options, buildTime, spoolDirectory, threads));
  }

  private Superblock superblock() {
    if (layout == null) {
      throw new IllegalStateException("a compressed image is placed as it is written");
    }
    return layout.superblock();
  }

  /**
   * @return whether the size and UUID are known before {@link #write} (uncompressed images)
   */
  public boolean placed() {
    return pending == null;
  }

  /**
   * @return the image size in bytes, a multiple of 4096
   * @throws IllegalStateException for a compressed image not yet written
   */
  public long sizeBytes() {
    return superblock().blocks() * BLOCK_SIZE;
  }

  /**
   * About the most bytes the image takes, for sizing what is prepared before it is written (not a
   * limit): its size when placed, else as if every file were stored as it is, with room for cluster
   * indexes.
   *
   * @return bytes
   */
  public long sizeEstimateBytes() {
    if (pending == null) {
      return sizeBytes();
    }
    long blocks = 1;
    long meta = 0;
    for (PlannedInode inode : pending.inodes()) {
      blocks += MetadataLayout.ceilDiv(inode.size, BLOCK_SIZE);
      meta +=
          inode.node instanceof RegularFile
              ? CompressedFile.metaLength(inode.baseLength(), inode.size, BLOCK_SIZE)
              : inode.baseLength();
    }
    return Math.multiplyExact(blocks + MetadataLayout.ceilDiv(meta, BLOCK_SIZE), BLOCK_SIZE);
  }

  /**
   * @return the file system UUID written to the superblock
   * @throws IllegalStateException for a compressed image not yet written
   */
  public UUID uuid() {
    return superblock().uuid();
  }

  /**
   * @return the build time written to the superblock
   */
  public Instant buildTime() {
    return pending != null ? pending.buildTime() : instant(superblock());
  }

  private static Instant instant(Superblock sb) {
    return Instant.ofEpochSecond(sb.buildTime(), sb.buildTimeNanos());
  }

  /**
   * @return the number of inodes
   * @throws IllegalStateException for a compressed image not yet written
   */
  public long inodeCount() {
    return superblock().inodeCount();
  }

  /**
   * Writes the whole image to {@code ch} starting at {@code offset}, using one thread per available
   * processor. Every byte of the image's range is written, padding included.
   *
   * @param ch the output, open for reading and writing
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes
   * @return what was written
   * @throws ImageBuildException when a source file is shorter than when it was scanned
   * @throws IOException on a read or write failure
   */
  public ErofsResult write(FileChannel ch, long offset, ProgressListener listener)
      throws IOException {
    return write(ch, offset, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Like {@link #write(FileChannel, long, ProgressListener)} with a given number of threads for the
   * metadata (a compressed image compresses on the threads it was planned with).
   *
   * @param ch the output
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes
   * @param threads how many chunks to write at once, at least 1
   * @return what was written
   * @throws IOException on a read or write failure
   */
  public ErofsResult write(FileChannel ch, long offset, ProgressListener listener, int threads)
      throws IOException {
    if (pending != null) {
      if (written) {
        throw new IllegalStateException("a compressed image is written once");
      }
      written = true;
      writeCompressed(pending, ch, offset, listener, threads);
    } else {
      writeMetadata(Objects.requireNonNull(layout), null, ch, offset, listener, threads);
    }
    Superblock sb = superblock();
    return new ErofsResult(sizeBytes(), sb.uuid(), instant(sb), sb.inodeCount());
  }

  /**
   * Compresses the files into the blocks after block 0, places the metadata after them, writes it
   * and then block 0.
   */
  private void writeCompressed(
      Pending p, FileChannel ch, long offset, ProgressListener listener, int threads)
      throws IOException {
    ErofsCompression compression = Objects.requireNonNull(p.options().compression());
    List<PlannedInode> inodes = new ArrayList<>(p.inodes());
    FragmentPacker.Packed packed = null;
    try (FileChannel side = Spools.open(p.spoolDirectory())) {
      long end =
          CompressionPass.run(inodes, compression, side, ch, offset, 1, p.threads(), listener);
      if (compression.fragments() != Fragments.OFF) {
        packed = FragmentPacker.pack(inodes, side, p.spoolDirectory(), p.buildTime());
        if (packed != null) {
          end =
              CompressionPass.run(
                  List.of(packed.inode()),
                  compression.withFragments(Fragments.OFF),
                  side,
                  ch,
                  offset,
                  end,
                  p.threads(),
                  listener);
        }
      }
      CompressionFeatures features = CompressionFeatures.of(inodes, compression);
      Layout placed =
          ErofsWriter.layout(
              inodes,
              features,
              SLOT_SIZE, // nid 0 stays unused: an inode number 0 means "none" to many readers
              end,
              p.options(),
              p.buildTime(),
              packed == null ? null : packed.inode());
      writeMetadata(placed, side, ch, offset, listener, threads);
      ByteBuffer block0 = LittleEndian.allocate(BLOCK_SIZE);
      placed.superblock().encode(block0.position(SUPERBLOCK_OFFSET));
      block0.put(placed.configs());
      block0.putInt(SUPERBLOCK_OFFSET + SB_CHECKSUM, Superblock.checksum(block0.array()));
      PositionalIo.writeFully(ch, block0.clear(), offset);
      layout = placed;
    } finally {
      if (packed != null) {
        packed.file().close();
      }
    }
  }

  private static void writeMetadata(
      Layout layout,
      @Nullable FileChannel side,
      FileChannel ch,
      long offset,
      ProgressListener listener,
      int threads)
      throws IOException {
    List<PlannedInode> inodes = layout.byNid();
    long metaStart = layout.superblock().metaStart();
    long end = 0;
    long dataBytes = 0;
    for (PlannedInode inode : inodes) {
      end = Math.max(end, inode.nid * SLOT_SIZE + inode.metaLength());
      if (!inode.dataPlaced) {
        dataBytes += inode.dataBlocks * BLOCK_SIZE;
      }
    }
    long metadataEnd = MetadataLayout.align(end, BLOCK_SIZE);
    // chunks of about CHUNK bytes that end where an inode starts, so no inode's piece is split
    List<long[]> chunks = new ArrayList<>();
    long start = 0;
    int first = 0;
    for (int i = 0; i < inodes.size(); i++) {
      long at = inodes.get(i).nid * SLOT_SIZE;
      if (at >= start + CHUNK) {
        chunks.add(new long[] {start, at, first, i});
        start = at;
        first = i;
      }
    }
    chunks.add(new long[] {start, metadataEnd, first, inodes.size()});
    Superblock sb = metaStart == 0 ? layout.superblock() : null;
    byte[] configs = layout.configs();
    ExecutorService pool = Workers.pool(threads, "erofs-writer");
    try (ProgressListener.Step step =
        listener.begin("writing EROFS image", metadataEnd + dataBytes)) {
      ThreadLocal<ByteBuffer> buffers =
          ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(COPY_BUFFER));
      List<Future<Void>> done = new ArrayList<>();
      for (long[] c : chunks) {
        done.add(
            pool.submit(
                () -> {
                  int length = Math.toIntExact(c[1] - c[0]);
                  ChunkWriter writer =
                      new ChunkWriter(
                          inodes.subList((int) c[2], (int) c[3]),
                          metaStart,
                          c[0],
                          length,
                          c[0] == 0 ? sb : null,
                          configs,
                          side,
                          buffers.get());
                  step.advance(writer.write(ch, offset));
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        Workers.await(f, "writing the EROFS image");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * @return the number of files stored compressed (0 for a compressed image not yet written)
   */
  public long compressedFiles() {
    List<PlannedInode> inodes = layout != null ? layout.byNid() : List.of();
    return inodes.stream().filter(i -> i.compressed != null).count();
  }

  /** Nothing is left open between plan and write; kept for the callers' try-with-resources. */
  @Override
  public void close() {}

  /** Zero-filled block for padding. */
  static final byte[] ZEROS = new byte[BLOCK_SIZE];
}
