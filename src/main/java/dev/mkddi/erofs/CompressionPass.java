package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Compresses every regular file straight into the data area of the image, in inode order, before
 * the metadata is placed (the metadata a compressed file needs depends on how it compressed, so it
 * follows the data). Files are cut into segments of {@link #SEGMENT} bytes that the worker threads
 * compress independently, each into one of a few output buffers that the calling thread hands out
 * (at most two per thread and two more segments ahead of it, so the memory is fixed); the calling
 * thread takes the results in file order, writes each segment's blocks at the next free block and
 * hands the buffer out again, so where a file lands depends only on the files before it, never on
 * which thread finished first. A file of up to {@link #HELD_SEGMENTS} segments is written once its
 * form is decided; the blocks of a longer one are written as they come, and when compression does
 * not make it smaller it is stored as it is over them. Inline clusters and fragments (a few bytes
 * per file) go to a side file until the metadata is written. Used once.
 */
final class CompressionPass {
  /** Bytes of a file compressed as one task; clusters never cross a segment boundary. */
  static final int SEGMENT = 4 << 20;

  /** Segments of a file held until it is known how the file is stored, at most. */
  static final int HELD_SEGMENTS = 2;

  private static final int COPY = 1 << 20;

  private final ErofsCompression settings;
  private final FileChannel side;
  private final FileChannel out;
  private final long offset;
  private long block;
  private final ByteBuffer copy = ByteBuffer.allocateDirect(COPY);

  private CompressionPass(
      ErofsCompression settings, FileChannel side, FileChannel out, long offset, long block) {
    this.settings = settings;
    this.side = side;
    this.out = out;
    this.offset = offset;
    this.block = block;
  }

  /**
   * The outcome of one segment.
   *
   * @param pclusters its clusters
   * @param data its blocks, then its inline cluster (in a handed-out buffer); once the blocks are
   *     written, the inline cluster alone
   * @param buffer the handed-out buffer, to hand out again once the blocks are written
   * @param blocks blocks in {@code data}
   * @param inlineLength bytes of its inline cluster (after the blocks)
   * @param fragment bytes of its end left for the packed inode, raw
   * @param digest SHA-256 of the segment's bytes (with fragments), else null
   */
  private record Stored(
      List<ClusterIndex.Pcluster> pclusters,
      byte[] data,
      byte[] buffer,
      int blocks,
      int inlineLength,
      byte[] fragment,
      byte @Nullable [] digest) {
    /** The same outcome without the blocks, once they are written: its inline cluster only. */
    Stored withoutBlocks() {
      if (data != buffer) {
        return this;
      }
      int from = blocks * BLOCK_SIZE;
      byte[] inline = Arrays.copyOfRange(data, from, from + inlineLength);
      return new Stored(pclusters, inline, buffer, blocks, inlineLength, fragment, digest);
    }
  }

  /**
   * Stores every regular file with data from block {@code firstBlock} on: sets {@link
   * PlannedInode#compressed} of those compression makes smaller, and the start block and block
   * count of each.
   *
   * @param inodes all inodes (described: sizes and xattrs known)
   * @param settings the compression
   * @param side where inline clusters and fragments wait until the metadata is written
   * @param out the output
   * @param offset where the image starts in {@code out}
   * @param firstBlock the first free block of the data area
   * @param threads how many segments to compress at once
   * @param listener progress in bytes
   * @return the first block after the data written
   * @throws IOException when a source cannot be read or the output written
   */
  static long run(
      List<PlannedInode> inodes,
      ErofsCompression settings,
      FileChannel side,
      FileChannel out,
      long offset,
      long firstBlock,
      int threads,
      ProgressListener listener)
      throws IOException {
    CompressionPass pass = new CompressionPass(settings, side, out, offset, firstBlock);
    pass.compressAll(inodes, threads, listener);
    return pass.block;
  }

  /** One segment to compress. */
  private record Task(PlannedInode inode, long from, int length, boolean last, int maxInline) {}

  /** The output buffers, handed to one segment at a time by the calling thread. */
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  private void compressAll(List<PlannedInode> inodes, int threads, ProgressListener listener)
      throws IOException {
    List<PlannedInode> files = new ArrayList<>();
    long total = 0;
    for (PlannedInode inode : inodes) {
      if (inode.node instanceof RegularFile && inode.size > 0) {
        files.add(inode);
        total += inode.size;
      }
    }
    ArrayDeque<Task> tasks = new ArrayDeque<>();
    for (PlannedInode inode : files) {
      int maxInline = CompressedFile.maxInline(inode.baseLength(), inode.size);
      for (long at = 0; at < inode.size; at += SEGMENT) {
        int length = (int) Math.min(SEGMENT, inode.size - at);
        tasks.add(new Task(inode, at, length, at + length == inode.size, maxInline));
      }
    }
    ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();
    ThreadLocal<Worker> local =
        ThreadLocal.withInitial(
            () -> {
              Worker w = new Worker(new SegmentCompressor(settings));
              workers.add(w);
              return w;
            });
    ExecutorService pool = Workers.pool(threads, "erofs-compress");
    // output buffers: one per thread at work, one per thread done and waiting, two held
    int buffers = 2 * Math.max(1, threads) + HELD_SEGMENTS;
    int outSize = SEGMENT + settings.pclusterSize() + BLOCK_SIZE;
    try (ProgressListener.Step step = listener.begin("compressing files", total)) {
      ArrayDeque<Future<Stored>> running = new ArrayDeque<>();
      int handedOut = 0;
      Map<ByteBuffer, PlannedInode> byContent = new HashMap<>();
      for (PlannedInode inode : files) {
        // a file of a few segments is written only once it is known to be stored compressed (and,
        // with fragments, not to repeat an earlier file): a file that does not compress is then
        // written once, as it is; a longer one is written as it comes and never shares
        boolean hold = inode.size <= (long) HELD_SEGMENTS * SEGMENT;
        List<Stored> done = new ArrayList<>();
        long start = block;
        for (long at = 0; at < inode.size; at += SEGMENT) {
          while (!tasks.isEmpty() && (running.isEmpty() || handedOut < buffers)) {
            Task t = tasks.poll();
            byte[] out = free.isEmpty() ? new byte[outSize] : free.pop();
            handedOut++;
            running.add(
                pool.submit(
                    () -> {
                      Stored s = local.get().segment(t, out);
                      step.advance(t.length());
                      return s;
                    }));
          }
          Stored s = Workers.await(Objects.requireNonNull(running.poll()), "compressing files");
          if (!hold) {
            writeBlocks(s);
            s = s.withoutBlocks();
            free.push(s.buffer());
            handedOut--;
          }
          done.add(s);
        }
        decide(inode, start, done);
        if (inode.compressed != null && !share(inode, done, byContent, hold) && hold) {
          for (Stored s : done) {
            writeBlocks(s);
          }
        }
        if (hold) {
          for (Stored s : done) {
            free.push(s.withoutBlocks().buffer());
            handedOut--;
          }
        }
      }
    } finally {
      pool.shutdownNow();
      for (Worker w : workers) {
        w.compressor.close();
      }
    }
  }

  private void writeBlocks(Stored s) throws IOException {
    if (s.blocks() > 0) {
      ByteBuffer b = ByteBuffer.wrap(s.data(), 0, s.blocks() * BLOCK_SIZE);
      PositionalIo.writeFully(out, b, Math.addExact(offset, block * BLOCK_SIZE));
      block += s.blocks();
    }
  }

  /**
   * Keeps the compressed form when it is smaller than the file stored as it is, and always when
   * part of the file went to the packed inode (as mkfs.erofs does); else stores the file as it is
   * over the blocks the compressed form took (and more).
   */
  private void decide(PlannedInode inode, long start, List<Stored> segments) throws IOException {
    List<ClusterIndex.Pcluster> pclusters = new ArrayList<>();
    long blocks = 0;
    byte[] inline = new byte[0];
    List<byte[]> fragments = new ArrayList<>();
    long fragment = 0;
    for (Stored s : segments) {
      pclusters.addAll(s.pclusters());
      blocks += s.blocks();
      if (s.inlineLength() > 0) {
        int at = s.data() == s.buffer() ? s.blocks() * BLOCK_SIZE : 0;
        inline = Arrays.copyOfRange(s.data(), at, at + s.inlineLength());
      }
      if (s.fragment().length > 0) {
        fragments.add(s.fragment());
        fragment += s.fragment().length;
      }
    }
    CompressedFile.Fragment f = null;
    if (fragment > 0) {
      long at = side.size();
      List<long[]> runs = new ArrayList<>();
      for (byte[] piece : fragments) {
        runs.add(new long[] {at, piece.length});
        PositionalIo.writeFully(side, ByteBuffer.wrap(piece), at);
        at += piece.length;
      }
      boolean whole = fragment == inode.size;
      f = new CompressedFile.Fragment(fragment, runs, whole, -1);
      long from = inode.size - fragment;
      pclusters =
          whole ? List.of() : FragmentPacker.withTail(pclusters, from, Math.toIntExact(fragment));
    } else {
      int base = inode.baseLength();
      long stored =
          blocks * BLOCK_SIZE + CompressedFile.metaLength(base, inode.size, inline.length) - base;
      if (stored >= inode.size) {
        storePlain(inode, start);
        return;
      }
    }
    long inlineAt = side.size();
    if (inline.length > 0) {
      PositionalIo.writeFully(side, ByteBuffer.wrap(inline), inlineAt);
    }
    inode.compressed =
        new CompressedFile(
            pclusters,
            blocks,
            inlineAt,
            inline.length,
            settings.algorithm().id(),
            settings.pclusterSize() > BLOCK_SIZE,
            f);
    inode.startBlock = blocks == 0 ? 0 : start;
    inode.dataBlocks = blocks;
    inode.dataPlaced = true;
  }

  /**
   * Copies a file that compression did not make smaller into the blocks from {@code start} (over
   * its compressed blocks, which take no more room); its tail stays in the source when it goes
   * inline after the inode.
   */
  private void storePlain(PlannedInode inode, long start) throws IOException {
    inode.chooseInline();
    long body = inode.size - inode.inlineLength();
    RegularFile f = (RegularFile) inode.node;
    try (FileChannel in = FileChannel.open(f.content().file(), StandardOpenOption.READ)) {
      long from = f.content().offset();
      long to = Math.addExact(offset, start * BLOCK_SIZE);
      for (long done = 0; done < body; ) {
        int piece = (int) Math.min(COPY, body - done);
        copy.clear().limit(piece);
        while (copy.hasRemaining()) {
          if (in.read(copy, from + done + copy.position()) < 0) {
            throw ChunkWriter.shorter(inode, f);
          }
        }
        int padded = (int) MetadataLayout.align(piece, BLOCK_SIZE);
        copy.limit(padded);
        copy.put(ErofsImage.ZEROS, 0, padded - piece);
        PositionalIo.writeFully(out, copy.flip(), to + done);
        done += piece;
      }
    }
    inode.dataBlocks = MetadataLayout.ceilDiv(body, BLOCK_SIZE);
    inode.startBlock = inode.dataBlocks == 0 ? 0 : start;
    inode.dataPlaced = true;
    block = start + inode.dataBlocks;
  }

  /**
   * With fragments, a compressed file with the same content as an earlier one shares its blocks
   * (and its fragment) instead of storing them again. Files are taken in inode order, so which one
   * owns the blocks does not depend on the threads.
   *
   * @param unwritten whether the file's blocks are not written yet (else it cannot share)
   * @return whether it shares an earlier file's blocks
   */
  private boolean share(
      PlannedInode inode,
      List<Stored> segments,
      Map<ByteBuffer, PlannedInode> byContent,
      boolean unwritten) {
    CompressedFile c = inode.compressed;
    if (c == null || c.blocks() == 0 || segments.get(0).digest() == null) {
      return false;
    }
    MessageDigest md = Digests.sha256();
    md.update(ByteBuffer.allocate(Long.BYTES).putLong(0, inode.size).array());
    for (Stored s : segments) {
      md.update(Objects.requireNonNull(s.digest()));
    }
    PlannedInode first = byContent.putIfAbsent(ByteBuffer.wrap(md.digest()), inode);
    if (first == null || !unwritten) {
      return false;
    }
    inode.compressed = first.compressed;
    inode.sameData = first;
    inode.startBlock = first.startBlock;
    inode.dataBlocks = 0;
    return true;
  }

  /** One thread's compressor and input buffer. */
  private final class Worker {
    final SegmentCompressor compressor;
    final byte[] in = new byte[SEGMENT];
    final MessageDigest sha = Digests.sha256();

    Worker(SegmentCompressor compressor) {
      this.compressor = compressor;
    }

    Stored segment(Task t, byte[] out) throws IOException {
      PlannedInode inode = t.inode();
      RegularFile f = (RegularFile) inode.node;
      int length = t.length();
      try (FileChannel src = FileChannel.open(f.content().file(), StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.wrap(in, 0, length);
        long pos = f.content().offset() + t.from();
        while (b.hasRemaining()) {
          if (src.read(b, pos + b.position()) < 0) {
            throw ChunkWriter.shorter(inode, f);
          }
        }
      }
      SegmentCompressor.Result r =
          compressor.compress(in, length, t.from(), t.last(), t.maxInline(), out);
      byte[] digest = null;
      if (settings.fragments() == ErofsCompression.Fragments.TAILS) {
        sha.update(in, 0, length);
        digest = sha.digest();
      }
      return new Stored(
          r.pclusters(),
          out,
          out,
          r.blocks(),
          r.inlineLength(),
          Arrays.copyOfRange(in, length - r.fragment(), length),
          digest);
    }
  }
}
