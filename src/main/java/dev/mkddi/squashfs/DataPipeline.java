package dev.mkddi.squashfs;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

/**
 * Writes the data area: one reader thread cuts the files into blocks (in data order) and packs
 * small files and tails into fragment blocks, worker threads compress blocks, and the calling
 * thread writes them in the reader's order and records where each went. The pool of block buffers
 * is bounded, so memory stays at a few dozen blocks whatever the tree; jobs without a block (a
 * file's end, a duplicate) take no buffer and never hold the reader back: with a bounded queue of
 * jobs, the ends of small files queued behind one block being compressed stopped the reader, and
 * the other workers went idle (/usr/share/doc: each compressing thread waited for work about a
 * tenth of the run). The bytes written depend neither on the number of workers nor on which one
 * finishes first. Used by one write of a {@link SquashfsImage}; the writing methods are for the
 * calling thread only.
 */
final class DataPipeline implements AutoCloseable {
  private static final BlockJob POISON = BlockJob.end();

  private final FileData[] data;
  private final FileChannel out;
  private final long base;
  private long position;
  private final BlockingQueue<BlockJob> ordered = new LinkedBlockingQueue<>();
  private final BlockingQueue<BlockJob> work = new LinkedBlockingQueue<>();
  private final BlockingQueue<byte[]> buffers;
  private final Thread reader;
  private final List<Thread> workers = new ArrayList<>();
  private final List<long[]> fragments = new ArrayList<>();
  private final ProgressListener.Step step;
  private boolean ended;

  /**
   * Starts the reader and the workers.
   *
   * @param options the image options (compressor, block size)
   * @param files every file's data plan, in data order
   * @param out the image's channel
   * @param base where the image starts in {@code out}
   * @param start where the data area starts in the image
   * @param threads how many compressing threads
   * @param step receives progress in bytes of file data
   * @param wrap wraps each worker's compressor (tests delay it to shuffle the finishing order)
   */
  DataPipeline(
      SquashfsOptions options,
      List<PlannedFile> files,
      FileChannel out,
      long base,
      long start,
      int threads,
      ProgressListener.Step step,
      UnaryOperator<BlockEncoder> wrap) {
    this.out = out;
    this.base = base;
    this.position = start;
    this.step = step;
    this.data = new FileData[files.size()];
    for (PlannedFile f : files) {
      data[f.index()] = new FileData(f);
    }
    int inFlight = 4 * threads + 4;
    // the reader holds a block and up to two fragment blocks besides the blocks in flight
    buffers = new ArrayBlockingQueue<>(inFlight + 3);
    for (int i = 0; i < inFlight + 3; i++) {
      buffers.add(new byte[options.blockSize()]);
    }
    BlockReader blockReader =
        new BlockReader(options.blockSize(), files, data, this::submit, buffers::take);
    reader = new Thread(() -> runReader(blockReader), "squashfs-reader");
    reader.setDaemon(true);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () ->
                  runWorker(
                      wrap.apply(
                          Codecs.compressor(options.compression(), options.blockSize(), true)),
                      options.blockSize()),
              "squashfs-compressor-" + i);
      t.setDaemon(true);
      workers.add(t);
    }
    workers.forEach(Thread::start);
    reader.start();
  }

  private void submit(BlockJob job) throws InterruptedException {
    ordered.put(job);
    if (job.kind == BlockJob.Kind.BLOCK || job.kind == BlockJob.Kind.FRAGMENT) {
      work.put(job);
    }
  }

  private void runReader(BlockReader blockReader) {
    try {
      blockReader.run();
      ordered.put(BlockJob.end());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed by the writer
    } catch (IOException | RuntimeException | Error e) {
      try {
        ordered.put(BlockJob.failed(e));
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runWorker(BlockEncoder compressor, int blockSize) {
    try (compressor) {
      byte[] scratch = new byte[blockSize];
      while (true) {
        BlockJob job = work.take();
        if (job == POISON) {
          return;
        }
        job.run(compressor, scratch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes blocks until the file's data is placed.
   *
   * @param file a file, asked for in data order
   * @return where its data is (for a duplicate: its own record, pointing at the original)
   * @throws IOException when reading a source, compressing or writing failed
   */
  FileData await(PlannedFile file) throws IOException {
    FileData d = data[file.index()];
    while (!d.done) {
      next();
    }
    return d;
  }

  /**
   * Writes the rest (the last fragment blocks).
   *
   * @return where the data area ends in the image
   * @throws IOException when reading, compressing or writing failed
   */
  long finish() throws IOException {
    while (!ended) {
      next();
    }
    return position;
  }

  /**
   * @return for each fragment block, in index order: its position in the image and its size word
   */
  List<long[]> fragments() {
    return fragments;
  }

  private void next() throws IOException {
    BlockJob j;
    try {
      j = ordered.take();
      j.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing squashfs data");
    }
    if (j.failure != null) {
      throw rethrow(j.failure);
    }
    switch (j.kind) {
      case BLOCK -> {
        FileData d = Objects.requireNonNull(j.file, "a block job's file");
        if (j.index == 0) {
          d.start = position;
        }
        d.blockSizes[j.index] = j.sizeWord;
        if (j.sizeWord == 0) {
          d.sparse += j.length;
        } else {
          write(j);
        }
        release(Objects.requireNonNull(j.buffer));
      }
      case FRAGMENT -> {
        while (fragments.size() <= j.index) {
          fragments.add(new long[0]);
        }
        fragments.set(j.index, new long[] {position, j.sizeWord});
        write(j);
        release(Objects.requireNonNull(j.buffer));
      }
      case FILE_DONE -> {
        FileData done = Objects.requireNonNull(j.file, "a file-done job's file");
        done.done = true;
        step.advance(done.plan.size());
      }
      case END -> ended = true;
      case FAILED -> throw new IllegalStateException("failure without a cause");
    }
  }

  private void write(BlockJob j) throws IOException {
    PositionalIo.writeFully(out, ByteBuffer.wrap(j.buffer, 0, j.stored()), base + position);
    position += j.stored();
  }

  private void release(byte[] buffer) {
    if (!buffers.offer(buffer)) {
      throw new IllegalStateException("block buffer pool overflow");
    }
  }

  private static IOException rethrow(Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof UncheckedIOException u) {
      return java.util.Objects.requireNonNull(u.getCause());
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new ImageBuildException("squashfs data: " + t, t);
  }

  /** Stops the reader and the workers. */
  @Override
  public void close() {
    reader.interrupt();
    for (Thread t : workers) {
      work.offer(POISON);
      t.interrupt();
    }
    try {
      reader.join();
      for (Thread t : workers) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
