package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * A planned EROFS image: its size is known before anything is written, and {@link #write} streams
 * it into a channel at any offset (for example inside a partition of a disk image).
 *
 * <p>The metadata area is cut into chunks of about 1 MiB; one task per chunk fills the chunk's
 * inodes, xattrs and inline tails in a buffer, copies the data blocks of those inodes from their
 * sources with positional reads and writes through a per-thread direct buffer (so tasks run in
 * parallel on one channel), and writes the chunk. (Measured on JDK 17, this costs less CPU than
 * {@link FileChannel#transferFrom}, which maps every source file, and {@code transferTo} is not
 * positional, so it cannot run in parallel.) The chunk that holds block 0 also gets the superblock
 * and its checksum. Neither a file nor the image is held in memory, and the bytes do not depend on
 * the number of threads.
 *
 * <p>With compression, the compressed blocks of every file were made while planning and wait in a
 * spool file; {@link #write} copies them into place, and {@link #close()} deletes the spool.
 *
 * <p>Immutable and thread-safe; {@link #write} gives identical bytes each time.
 */
public final class ErofsImage implements AutoCloseable {
  /** Bytes of metadata one task writes. */
  static final int CHUNK = 1 << 20;

  /** Size of each thread's buffer for copying file contents. */
  private static final int COPY_BUFFER = 1 << 20;

  private final List<PlannedInode> inodes;
  private final Superblock superblock;
  private final byte[] configs;
  private final @Nullable FileChannel spool;
  private final @Nullable Closeable packed;
  private final long metadataEnd;

  /**
   * @param inodes the inodes in nid order
   * @param superblock the superblock
   * @param configs the compression configurations that follow it
   * @param spool the compressed blocks, or null without compression
   * @param packed the packed file of fragments (read if its inode is stored as it is), or null
   */
  ErofsImage(
      List<PlannedInode> inodes,
      Superblock superblock,
      byte[] configs,
      @Nullable FileChannel spool,
      @Nullable Closeable packed) {
    this.inodes = List.copyOf(inodes);
    this.superblock = superblock;
    this.configs = configs.clone();
    this.spool = spool;
    this.packed = packed;
    long end = 0;
    for (PlannedInode inode : inodes) {
      end = Math.max(end, inode.nid * SLOT_SIZE + inode.metaLength());
    }
    this.metadataEnd = MetadataLayout.align(end, BLOCK_SIZE);
  }

  /**
   * @return the image size in bytes, a multiple of 4096
   */
  public long sizeBytes() {
    return superblock.blocks() * BLOCK_SIZE;
  }

  /**
   * @return the file system UUID written to the superblock
   */
  public UUID uuid() {
    return superblock.uuid();
  }

  /**
   * @return the build time written to the superblock
   */
  public Instant buildTime() {
    return Instant.ofEpochSecond(superblock.buildTime(), superblock.buildTimeNanos());
  }

  /**
   * @return the number of inodes
   */
  public long inodeCount() {
    return superblock.inodeCount();
  }

  /**
   * Writes the whole image ({@link #sizeBytes()} bytes) to {@code ch} starting at {@code offset},
   * using one thread per available processor. Every byte of that range is written, padding
   * included.
   *
   * @param ch the output, open for writing
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes
   * @throws ImageBuildException when a source file is shorter than when it was scanned
   * @throws IOException on a read or write failure
   */
  public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
    write(ch, offset, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Like {@link #write(FileChannel, long, ProgressListener)} with a given number of threads.
   *
   * @param ch the output
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes
   * @param threads how many chunks to write at once, at least 1
   * @throws IOException on a read or write failure
   */
  public void write(FileChannel ch, long offset, ProgressListener listener, int threads)
      throws IOException {
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
    ExecutorService pool = Workers.pool(threads, "erofs-writer");
    try (ProgressListener.Step step = listener.begin("writing EROFS image", sizeBytes())) {
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
                          c[0],
                          length,
                          c[0] == 0 ? superblock : null,
                          configs,
                          spool,
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
   * @return the number of files stored compressed
   */
  public long compressedFiles() {
    return inodes.stream().filter(i -> i.compressed != null).count();
  }

  /**
   * Deletes the spool of compressed blocks and the packed file; the image cannot be written
   * afterwards.
   */
  @Override
  public void close() throws IOException {
    try {
      if (spool != null) {
        spool.close();
      }
    } finally {
      if (packed != null) {
        packed.close();
      }
    }
  }

  /** Zero-filled block for padding. */
  static final byte[] ZEROS = new byte[BLOCK_SIZE];
}
