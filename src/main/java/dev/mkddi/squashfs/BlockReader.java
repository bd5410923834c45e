package dev.mkddi.squashfs;

import dev.mkddi.io.ImageBuildException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The reader thread's work: for each file in data order, find out whether an earlier file has the
 * same bytes (only files whose size another file shares are hashed, with SHA-256, as mksquashfs
 * only compares files of equal size); if not, read its blocks into pool buffers and hand them on,
 * and pack its tail into the current fragment block, which is handed on when the next tail does not
 * fit (first fit in data order, as mksquashfs packs). Each file ends with a FILE_DONE job. Not
 * thread-safe: one reader thread runs it once.
 */
final class BlockReader {
  /** Receives the jobs in order. */
  @FunctionalInterface
  interface Sink {
    void put(BlockJob job) throws InterruptedException;
  }

  /** Hands out an empty block buffer, waiting for one. */
  @FunctionalInterface
  interface Buffers {
    byte[] take() throws InterruptedException;
  }

  /** A file's identity for duplicate detection. */
  private record Key(long size, String sha256) {}

  private final int blockSize;
  private final List<PlannedFile> files;
  private final FileData[] data;
  private final Sink sink;
  private final Buffers buffers;
  private final Map<Key, FileData> seen = new HashMap<>();
  private final MessageDigest sha;
  private final byte[] small;
  private @Nullable Path openPath;
  private @Nullable FileChannel openChannel;

  BlockReader(int blockSize, List<PlannedFile> files, FileData[] data, Sink sink, Buffers buffers) {
    this.blockSize = blockSize;
    this.files = files;
    this.data = data;
    this.sink = sink;
    this.buffers = buffers;
    this.small = new byte[blockSize];
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  void run() throws IOException, InterruptedException {
    byte[] fragment = buffers.take();
    int fill = 0;
    int fragments = 0;
    try {
      for (PlannedFile p : files) {
        FileData d = data[p.index()];
        boolean tailRead = false;
        if (p.candidate()) {
          Key key = hash(p);
          tailRead = p.blocks() == 0;
          FileData first = seen.putIfAbsent(key, d);
          if (first != null) {
            d.duplicateOf = first;
            sink.put(BlockJob.fileDone(d));
            continue;
          }
        }
        long offset = 0;
        for (int i = 0; i < p.blocks(); i++) {
          int length = (int) Math.min(blockSize, p.size() - offset);
          byte[] buf = buffers.take();
          read(p, offset, buf, 0, length);
          sink.put(BlockJob.block(d, i, buf, length));
          offset += length;
        }
        if (p.tail() > 0) {
          if (fill + p.tail() > blockSize) {
            sink.put(BlockJob.fragment(fragments++, fragment, fill));
            fragment = buffers.take();
            fill = 0;
          }
          d.fragment = fragments;
          d.fragmentOffset = fill;
          if (tailRead) {
            System.arraycopy(small, 0, fragment, fill, p.tail());
          } else {
            read(p, offset, fragment, fill, p.tail());
          }
          fill += p.tail();
        }
        sink.put(BlockJob.fileDone(d));
      }
      if (fill > 0) {
        sink.put(BlockJob.fragment(fragments, fragment, fill));
      }
    } finally {
      closeSource();
    }
  }

  /** Hashes a file; a file of one tail stays in {@link #small} for packing. */
  private Key hash(PlannedFile p) throws IOException {
    sha.reset();
    if (p.blocks() == 0) {
      read(p, 0, small, 0, p.tail());
      sha.update(small, 0, p.tail());
    } else {
      byte[] buf = small;
      for (long offset = 0; offset < p.size(); offset += buf.length) {
        int length = (int) Math.min(buf.length, p.size() - offset);
        read(p, offset, buf, 0, length);
        sha.update(buf, 0, length);
      }
    }
    return new Key(p.size(), java.util.HexFormat.of().formatHex(sha.digest()));
  }

  private void read(PlannedFile p, long offset, byte[] into, int at, int length)
      throws IOException {
    FileChannel ch = source(p.content().file());
    ByteBuffer b = ByteBuffer.wrap(into, at, length);
    long from = p.content().offset() + offset;
    while (b.hasRemaining()) {
      if (ch.read(b, from + b.position() - at) < 0) {
        throw new ImageBuildException(
            p.inode().path()
                + ": "
                + p.content().file()
                + " ends before the "
                + p.size()
                + " bytes it had when scanned");
      }
    }
  }

  /** Keeps the last source open: the members of a tar share one file. */
  private FileChannel source(Path file) throws IOException {
    if (!file.equals(openPath)) {
      closeSource();
      openChannel = FileChannel.open(file, StandardOpenOption.READ);
      openPath = file;
    }
    return java.util.Objects.requireNonNull(openChannel);
  }

  private void closeSource() throws IOException {
    if (openChannel != null) {
      openChannel.close();
      openChannel = null;
      openPath = null;
    }
  }
}
