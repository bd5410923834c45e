package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.Channels;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A planned EROFS image: its size is known before anything is written, and {@link #write} streams
 * it into a channel at any offset (for example inside a partition of a disk image). File contents
 * go from their source straight into the output with {@link FileChannel#transferTo}; neither a
 * file nor the image is held in memory. Immutable; {@link #write} may be called more than once and
 * gives identical bytes each time.
 */
public final class ErofsImage {
  private static final byte[] ZEROS = new byte[BLOCK_SIZE];
  private final List<PlannedInode> inodes;
  private final Superblock superblock;
  private final long metadataEnd;

  ErofsImage(List<PlannedInode> inodes, Superblock superblock) {
    this.inodes = List.copyOf(inodes);
    this.superblock = superblock;
    long end = 0;
    for (PlannedInode inode : inodes) {
      end = Math.max(end, inode.nid * SLOT_SIZE + inode.baseLength() + inode.inlineLength());
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
   * Writes the whole image ({@link #sizeBytes()} bytes) to {@code ch} starting at {@code offset}.
   * Every byte of that range is written, padding included.
   *
   * @param ch the output, open for writing; its position is changed
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes
   * @throws ImageBuildException when a source file is shorter than when it was scanned
   * @throws IOException on a read or write failure
   */
  public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
    MetadataWriter meta = new MetadataWriter(ch, offset, metadataEnd);
    superblock.encode(meta.at(SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE));
    try (SourceFiles sources = new SourceFiles();
        ProgressListener.Step step = listener.begin("writing EROFS image", sizeBytes())) {
      for (PlannedInode inode : inodes) {
        long at = inode.nid * SLOT_SIZE;
        ByteBuffer b = meta.at(at, inode.baseLength() + inode.inlineLength());
        inode.header().encode(b);
        b.put(inode.xattrs);
        long dataAt = Math.addExact(offset, inode.startBlock * BLOCK_SIZE);
        if (inode.node instanceof RegularFile f) {
          writeFile(inode, f, sources, ch, dataAt, meta);
        } else if (inode.node instanceof Directory) {
          writeDirectory(inode, ch, dataAt, meta);
        } else if (inode.node instanceof Symlink s) {
          writeSymlink(inode, s, ch, dataAt, meta);
        }
        step.advance(inode.dataBlocks * BLOCK_SIZE);
      }
      meta.finish();
      step.advance(metadataEnd);
    }
  }

  private static void writeFile(PlannedInode inode, RegularFile f, SourceFiles sources,
      FileChannel out, long dataAt, MetadataWriter meta) throws IOException {
    long size = f.size();
    if (size == 0) {
      return;
    }
    Path file = f.content().file();
    FileChannel in = sources.open(file);
    long start = f.content().offset();
    int tail = inode.inlineLength();
    long body = size - tail;
    if (body > 0) {
      transfer(in, start, body, out, dataAt, inode, file);
      int pad = (int) (-body & (BLOCK_SIZE - 1));
      Channels.writeFully(out, ByteBuffer.wrap(ZEROS, 0, pad), dataAt + body);
    }
    if (tail > 0) {
      ByteBuffer b = meta.at(inode.nid * SLOT_SIZE + inode.baseLength(), tail);
      ByteBuffer dst = b.slice(b.position(), tail);
      long pos = start + body;
      while (dst.hasRemaining()) {
        int n = in.read(dst, pos);
        if (n < 0) {
          throw shorter(inode, file, size);
        }
        pos += n;
      }
    }
  }

  private static void transfer(FileChannel in, long from, long count, FileChannel out, long to,
      PlannedInode inode, Path file) throws IOException {
    out.position(to);
    long done = 0;
    while (done < count) {
      long n = in.transferTo(from + done, count - done, out);
      if (n <= 0) {
        throw shorter(inode, file, inode.size);
      }
      done += n;
    }
  }

  private static ImageBuildException shorter(PlannedInode inode, Path file, long size) {
    return new ImageBuildException(
        inode.path() + ": " + file + " ends before the " + size + " bytes it had when scanned");
  }

  private static void writeDirectory(PlannedInode inode, FileChannel out, long dataAt,
      MetadataWriter meta) throws IOException {
    List<DirectoryCodec.Dirent> dirents = new ArrayList<>(inode.dirNames.size());
    for (int i = 0; i < inode.dirNames.size(); i++) {
      PlannedInode target = inode.dirTargets.get(i);
      dirents.add(new DirectoryCodec.Dirent(inode.dirNames.get(i), target.nid, target.fileType()));
    }
    long[] next = {dataAt};
    DirectoryCodec.encode(dirents, (block, last) -> {
      if (last && inode.inline) {
        meta.at(inode.nid * SLOT_SIZE + inode.baseLength(), block.remaining()).put(block);
      } else {
        block.limit(BLOCK_SIZE);
        Channels.writeFully(out, block, next[0]);
        next[0] += BLOCK_SIZE;
      }
    });
  }

  private static void writeSymlink(PlannedInode inode, Symlink s, FileChannel out, long dataAt,
      MetadataWriter meta) throws IOException {
    byte[] target = s.target();
    if (inode.inline) {
      meta.at(inode.nid * SLOT_SIZE + inode.baseLength(), target.length).put(target);
    } else {
      ByteBuffer block = LittleEndian.allocate(BLOCK_SIZE).put(target);
      Channels.writeFully(out, block.clear(), dataAt);
    }
  }

  /** Keeps the most recently used source file open: tar members share one file. */
  private static final class SourceFiles implements AutoCloseable {
    private Path path;
    private FileChannel channel;

    FileChannel open(Path file) throws IOException {
      if (!file.equals(path)) {
        close();
        channel = FileChannel.open(file, StandardOpenOption.READ);
        path = file;
      }
      return channel;
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
        path = null;
      }
    }
  }
}
