package dev.mkddi.verity;

import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Computes one level of a hash tree from its children (the data blocks for level 0, the blocks of
 * the level below otherwise) and either writes it or compares it with the level already on the hash
 * device. The children are cut into chunks of about {@value #CHUNK_BYTES} bytes that worker threads
 * claim in order; each worker reads its chunk with one positional read into its own direct buffer,
 * digests it and writes (or compares) the byte range of the level its entries occupy, including the
 * zero padding that follows them. Each child is read exactly once.
 *
 * <p>Thread-safe: every {@link #run} call uses its own state.
 */
final class LevelHasher {
  /** Target number of child bytes per chunk. */
  static final int CHUNK_BYTES = 1 << 20;

  private final VerityParams params;
  private final int hashBlockSize;
  private final int perBlock;
  private final int entrySize;
  private final int threads;

  /**
   * @param params the parameters (algorithm, salt, format)
   * @param geometry the tree geometry
   * @param threads how many threads may hash at once (at least 1)
   */
  LevelHasher(VerityParams params, VerityGeometry geometry, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.params = params;
    this.hashBlockSize = geometry.hashBlockSize();
    this.perBlock = geometry.hashesPerBlock();
    this.entrySize = geometry.entrySize();
    this.threads = threads;
  }

  /**
   * Hashes {@code count} children of {@code childSize} bytes that start at byte {@code srcStart} of
   * {@code src}, and writes the resulting level at byte {@code dstStart} of {@code dst} (or
   * compares it with what is there).
   *
   * @param src where the children are
   * @param srcStart byte offset of the first child
   * @param childSize bytes per child
   * @param count number of children
   * @param dst the hash device
   * @param dstStart byte offset of the level's first block
   * @param compare true to compare instead of writing
   * @param step receives the number of child bytes hashed
   * @return when comparing, the offset (from {@code dstStart}) of the first byte of the level that
   *     differs, or -1 when none does; -1 when writing
   * @throws IOException when reading or writing fails
   */
  long run(
      FileChannel src,
      long srcStart,
      int childSize,
      long count,
      FileChannel dst,
      long dstStart,
      boolean compare,
      ProgressListener.Step step)
      throws IOException {
    Job job = new Job(src, srcStart, childSize, count, dst, dstStart, compare, step);
    int workers = (int) Math.min(threads, job.chunks);
    if (workers <= 1) {
      job.work();
    } else {
      runInParallel(job, workers);
    }
    long first = job.firstMismatch.get();
    return first == Long.MAX_VALUE ? -1 : first;
  }

  private static void runInParallel(Job job, int workers) throws IOException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  job.work();
                } catch (Throwable e) {
                  job.failed = true;
                  failure.compareAndSet(null, e);
                }
              },
              "mkddi-verity-" + i);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    boolean interrupted = false;
    for (Thread t : started) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
          job.failed = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
    Throwable e = failure.get();
    if (e instanceof IOException io) {
      throw io;
    } else if (e instanceof UncheckedIOException u) {
      throw u.getCause();
    } else if (e instanceof RuntimeException r) {
      throw r;
    } else if (e instanceof Error err) {
      throw err;
    } else if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  /** One level computation, shared by its workers. */
  private final class Job {
    final FileChannel src;
    final long srcStart;
    final int childSize;
    final long count;
    final FileChannel dst;
    final long dstStart;
    final boolean compare;
    final ProgressListener.Step step;
    final int perChunk;
    final long chunks;
    final int maxOut;
    final AtomicLong nextChunk = new AtomicLong();
    final AtomicLong firstMismatch = new AtomicLong(Long.MAX_VALUE);
    volatile boolean failed;

    Job(
        FileChannel src,
        long srcStart,
        int childSize,
        long count,
        FileChannel dst,
        long dstStart,
        boolean compare,
        ProgressListener.Step step) {
      this.src = src;
      this.srcStart = srcStart;
      this.childSize = childSize;
      this.count = count;
      this.dst = dst;
      this.dstStart = dstStart;
      this.compare = compare;
      this.step = step;
      int per = Math.max(1, CHUNK_BYTES / childSize);
      // whole hash blocks per chunk when they fit, else a power of two that divides a block
      this.perChunk = per >= perBlock ? per - per % perBlock : Integer.highestOneBit(per);
      this.chunks = (count + perChunk - 1) / perChunk;
      this.maxOut = perChunk >= perBlock ? perChunk / perBlock * hashBlockSize : hashBlockSize;
    }

    /** Byte offset in the level of entry {@code j}. */
    long entryPos(long j) {
      return (j / perBlock) * hashBlockSize + (j % perBlock) * entrySize;
    }

    /**
     * End of the level range written for children before {@code b}: the padding up to the end of
     * the last block goes with the last entry.
     */
    long endPos(long b) {
      return b == count && b % perBlock != 0 ? (b / perBlock + 1) * hashBlockSize : entryPos(b);
    }

    void work() throws IOException {
      BlockDigester digester = new BlockDigester(params);
      // a direct buffer: the kernel copies into it and the digest reads it in 4 KiB pieces,
      // which saves the copy a heap buffer costs (the JDK reads into a direct one first)
      ByteBuffer in = ByteBuffer.allocateDirect(perChunk * childSize);
      byte[] out = new byte[maxOut];
      byte[] old = compare ? new byte[maxOut] : null;
      long c;
      while (!failed && (c = nextChunk.getAndIncrement()) < chunks) {
        long a = c * perChunk;
        long b = Math.min(count, a + perChunk);
        long from = entryPos(a);
        if (compare && from > firstMismatch.get()) {
          return;
        }
        int n = (int) (b - a);
        int inLen = n * childSize;
        int outLen = (int) (endPos(b) - from);
        in.clear().limit(inLen);
        PositionalIo.readFully(src, in, srcStart + a * childSize);
        Arrays.fill(out, 0, outLen, (byte) 0);
        for (int k = 0; k < n; k++) {
          in.limit((k + 1) * childSize).position(k * childSize);
          digester.digest(in, out, (int) (entryPos(a + k) - from));
        }
        if (compare) {
          PositionalIo.readFully(dst, ByteBuffer.wrap(old, 0, outLen), dstStart + from);
          int m = Arrays.mismatch(out, 0, outLen, old, 0, outLen);
          if (m >= 0) {
            firstMismatch.accumulateAndGet(from + m, Math::min);
          }
        } else {
          PositionalIo.writeFully(dst, ByteBuffer.wrap(out, 0, outLen), dstStart + from);
        }
        step.advance(inLen);
      }
    }
  }
}
