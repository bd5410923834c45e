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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Compresses every regular file before the layout is planned (the metadata a compressed file needs
 * depends on how it compressed). Files are cut into segments of {@link #SEGMENT} bytes that are
 * compressed independently, on all threads; each segment's blocks go to the spool file wherever
 * there is room, so the order in which threads finish changes nothing but the spool. A file that
 * compression does not make smaller stays uncompressed. Used once.
 */
final class CompressionPass {
  /** Bytes of a file compressed as one task; clusters never cross a segment boundary. */
  static final int SEGMENT = 4 << 20;

  private final ErofsCompression settings;
  private final FileChannel spool;
  private final AtomicLong spoolEnd;

  private CompressionPass(ErofsCompression settings, FileChannel spool) throws IOException {
    this.settings = settings;
    this.spool = spool;
    // a later pass (the packed inode's) appends to what earlier passes stored
    this.spoolEnd = new AtomicLong(spool.size());
  }

  /**
   * The outcome of one segment.
   *
   * @param pclusters its clusters
   * @param blocks blocks it stored
   * @param inlineLength bytes of its inline cluster (after the blocks)
   * @param at where its bytes are in the spool
   * @param fragment bytes of its end left for the packed inode, stored raw after the inline cluster
   * @param digest SHA-256 of the segment's bytes (with fragments), else null
   */
  private record Stored(
      List<ClusterIndex.Pcluster> pclusters,
      int blocks,
      int inlineLength,
      long at,
      int fragment,
      byte @Nullable [] digest) {
    long fragmentAt() {
      return at + (long) blocks * BLOCK_SIZE + inlineLength;
    }
  }

  /**
   * Sets {@link PlannedInode#compressed} of every regular file that compression makes smaller.
   *
   * @param inodes all inodes (described: sizes and xattrs known)
   * @param settings the compression
   * @param spool where compressed blocks wait until the image is written
   * @param threads how many files to compress at once
   * @param listener progress in bytes
   * @return what the superblock must announce
   * @throws IOException when a source cannot be read or the spool written
   */
  static CompressionFeatures run(
      List<PlannedInode> inodes,
      ErofsCompression settings,
      FileChannel spool,
      int threads,
      ProgressListener listener)
      throws IOException {
    new CompressionPass(settings, spool).compressAll(inodes, threads, listener);
    return CompressionFeatures.of(inodes, settings);
  }

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
    ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();
    ThreadLocal<Worker> local =
        ThreadLocal.withInitial(
            () -> {
              Worker w = new Worker(new SegmentCompressor(settings));
              workers.add(w);
              return w;
            });
    ExecutorService pool = Workers.pool(threads, "erofs-compress");
    try (ProgressListener.Step step = listener.begin("compressing files", total)) {
      List<List<Future<Stored>>> futures = new ArrayList<>(files.size());
      for (PlannedInode inode : files) {
        long size = inode.size;
        int maxInline = CompressedFile.maxInline(inode.baseLength(), size);
        List<Future<Stored>> segments = new ArrayList<>();
        for (long at = 0; at < size; at += SEGMENT) {
          long from = at;
          int length = (int) Math.min(SEGMENT, size - at);
          boolean last = at + length == size;
          segments.add(
              pool.submit(
                  () -> {
                    Stored s = local.get().segment(inode, from, length, last, maxInline);
                    step.advance(length);
                    return s;
                  }));
        }
        futures.add(segments);
      }
      Map<ByteBuffer, PlannedInode> byContent = new HashMap<>();
      for (int i = 0; i < files.size(); i++) {
        List<Stored> done = new ArrayList<>();
        for (Future<Stored> f : futures.get(i)) {
          done.add(Workers.await(f, "compressing files"));
        }
        PlannedInode inode = files.get(i);
        decide(inode, done);
        share(inode, done, byContent);
      }
    } finally {
      pool.shutdownNow();
      for (Worker w : workers) {
        w.compressor.close();
      }
    }
  }

  /**
   * Keeps the compressed form when it is smaller than the file stored as it is, and always when
   * part of the file went to the packed inode (as mkfs.erofs does).
   */
  private void decide(PlannedInode inode, List<Stored> segments) {
    List<ClusterIndex.Pcluster> pclusters = new ArrayList<>();
    List<long[]> runs = new ArrayList<>();
    List<long[]> fragmentRuns = new ArrayList<>();
    long blocks = 0;
    long inlineAt = 0;
    int inline = 0;
    long fragment = 0;
    for (Stored s : segments) {
      pclusters.addAll(s.pclusters());
      runs.add(new long[] {s.at(), s.blocks()});
      blocks += s.blocks();
      if (s.inlineLength() > 0) {
        inline = s.inlineLength();
        inlineAt = s.at() + (long) s.blocks() * BLOCK_SIZE;
      }
      if (s.fragment() > 0) {
        fragmentRuns.add(new long[] {s.fragmentAt(), s.fragment()});
        fragment += s.fragment();
      }
    }
    CompressedFile.Fragment f = null;
    if (fragment > 0) {
      boolean whole = fragment == inode.size;
      f = new CompressedFile.Fragment(fragment, fragmentRuns, whole, -1);
      long from = inode.size - fragment;
      pclusters =
          whole ? List.of() : FragmentPacker.withTail(pclusters, from, Math.toIntExact(fragment));
    } else {
      int base = inode.baseLength();
      long stored =
          blocks * BLOCK_SIZE + CompressedFile.metaLength(base, inode.size, inline) - base;
      if (stored >= inode.size) {
        return;
      }
    }
    inode.compressed =
        new CompressedFile(
            pclusters,
            blocks,
            runs,
            inlineAt,
            inline,
            settings.algorithm().id(),
            settings.pclusterSize() > BLOCK_SIZE,
            f);
  }

  /**
   * With fragments, a compressed file with the same content as an earlier one shares its blocks
   * (and its fragment) instead of storing them again; files are taken in inode order, so which one
   * owns the blocks does not depend on the threads.
   */
  private void share(
      PlannedInode inode, List<Stored> segments, Map<ByteBuffer, PlannedInode> byContent) {
    CompressedFile c = inode.compressed;
    if (c == null || c.blocks() == 0 || segments.get(0).digest() == null) {
      return;
    }
    MessageDigest md = Digests.sha256();
    md.update(ByteBuffer.allocate(Long.BYTES).putLong(0, inode.size).array());
    for (Stored s : segments) {
      md.update(java.util.Objects.requireNonNull(s.digest()));
    }
    PlannedInode first = byContent.putIfAbsent(ByteBuffer.wrap(md.digest()), inode);
    if (first != null) {
      inode.compressed = first.compressed;
      inode.sameData = first;
    }
  }

  /** One thread's compressor and input buffer. */
  private final class Worker {
    final SegmentCompressor compressor;
    final byte[] in = new byte[SEGMENT];
    final MessageDigest sha = Digests.sha256();

    Worker(SegmentCompressor compressor) {
      this.compressor = compressor;
    }

    Stored segment(PlannedInode inode, long from, int length, boolean last, int maxInline)
        throws IOException {
      RegularFile f = (RegularFile) inode.node;
      try (FileChannel src = FileChannel.open(f.content().file(), StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.wrap(in, 0, length);
        long pos = f.content().offset() + from;
        while (b.hasRemaining()) {
          if (src.read(b, pos + b.position()) < 0) {
            throw ChunkWriter.shorter(inode, f);
          }
        }
      }
      SegmentCompressor.Result r = compressor.compress(in, length, from, last, maxInline);
      long at = spoolEnd.getAndAdd(r.dataLength() + (long) r.fragment());
      PositionalIo.writeFully(spool, ByteBuffer.wrap(r.data(), 0, r.dataLength()), at);
      if (r.fragment() > 0) {
        ByteBuffer tail = ByteBuffer.wrap(in, length - r.fragment(), r.fragment());
        PositionalIo.writeFully(spool, tail, at + r.dataLength());
      }
      byte[] digest = null;
      if (settings.fragments() == ErofsCompression.Fragments.TAILS) {
        sha.update(in, 0, length);
        digest = sha.digest();
      }
      return new Stored(r.pclusters(), r.blocks(), r.inlineLength(), at, r.fragment(), digest);
    }
  }
}
