package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes one chunk of the metadata area and the data blocks of the inodes in it. The inodes, their
 * xattrs and inline tails are encoded into a buffer that is written at the end; data blocks are
 * copied from the sources with positional reads and writes through a direct buffer as they come.
 * Used by one thread.
 */
final class ChunkWriter {
  private final List<PlannedInode> inodes;
  private final long start;
  private final int length;
  private final @Nullable Superblock superblock;
  private final byte[] configs;
  private final @Nullable FileChannel spool;
  private final ByteBuffer copy;
  private @Nullable Path openPath;
  private @Nullable FileChannel openChannel;

  /**
   * @param inodes the inodes whose cores lie in this chunk
   * @param start byte offset of the chunk in the image
   * @param length bytes of the chunk (about {@link ErofsImage#CHUNK})
   * @param superblock the superblock when this chunk holds block 0, else null
   * @param configs the compression configurations written after the superblock
   * @param spool the compressed blocks, or null
   * @param copy the calling thread's buffer for copying file contents
   */
  ChunkWriter(
      List<PlannedInode> inodes,
      long start,
      int length,
      @Nullable Superblock superblock,
      byte[] configs,
      @Nullable FileChannel spool,
      ByteBuffer copy) {
    this.copy = copy;
    this.inodes = inodes;
    this.start = start;
    this.length = length;
    this.superblock = superblock;
    this.configs = configs;
    this.spool = spool;
  }

  /**
   * @param out the output
   * @param offset where the image starts in {@code out}
   * @return bytes written (for progress)
   * @throws IOException on a read or write failure, or when a source shrank
   */
  long write(FileChannel out, long offset) throws IOException {
    ByteBuffer buf = LittleEndian.allocate(length);
    long written = length;
    try {
      for (PlannedInode inode : inodes) {
        buf.position((int) (inode.nid * SLOT_SIZE - start));
        inode.header().encode(buf);
        buf.put(inode.xattrs);
        long dataAt = Math.addExact(offset, inode.startBlock * BLOCK_SIZE);
        if (inode.compressed != null) {
          writeCompressed(inode, out, dataAt, buf);
        } else if (inode.node instanceof RegularFile f) {
          writeFile(inode, f, out, dataAt, buf);
        } else if (inode.node instanceof Directory) {
          writeDirectory(inode, out, dataAt, buf);
        } else if (inode.node instanceof Symlink s) {
          writeSymlink(inode, s, out, dataAt, buf);
        }
        written += inode.dataBlocks * BLOCK_SIZE;
      }
    } finally {
      closeSource();
    }
    if (superblock != null) {
      superblock.encode(buf.position(SUPERBLOCK_OFFSET));
      buf.put(configs);
      buf.putInt(SUPERBLOCK_OFFSET + SB_CHECKSUM, Superblock.checksum(buf.array()));
    }
    PositionalIo.writeFully(out, buf.clear(), offset + start);
    return written;
  }

  /**
   * Copies a file's bytes in pieces of the copy buffer: whole blocks go to the data area (the last
   * one zero-padded in the same write), an inline tail into the metadata buffer. A FLAT_PLAIN file
   * has no tail and a FLAT_INLINE file's blocks need no padding, so the two never meet.
   */
  private void writeFile(
      PlannedInode inode, RegularFile f, FileChannel out, long dataAt, ByteBuffer buf)
      throws IOException {
    long size = f.size();
    if (size == 0) {
      return;
    }
    FileChannel in = source(f.content().file());
    long from = f.content().offset();
    int tail = inode.inlineLength();
    long body = size - tail;
    for (long done = 0; done < size; ) {
      int piece = (int) Math.min(copy.capacity(), size - done);
      copy.clear().limit(piece);
      while (copy.hasRemaining()) {
        if (in.read(copy, from + done + copy.position()) < 0) {
          throw shorter(inode, f);
        }
      }
      int blockBytes = (int) Math.max(0, Math.min(piece, body - done));
      if (blockBytes < piece) { // the inline tail ends this piece
        buf.put(buf.position(), copy, blockBytes, tail);
      }
      if (blockBytes > 0) {
        int padded = (int) MetadataLayout.align(blockBytes, BLOCK_SIZE);
        copy.clear().position(blockBytes).limit(padded);
        copy.put(ErofsImage.ZEROS, 0, padded - blockBytes);
        PositionalIo.writeFully(out, copy.flip(), dataAt + done);
      }
      done += piece;
    }
  }

  /**
   * Writes the map header, the indexes and the inline cluster after the xattrs, and copies the
   * file's blocks from the spool.
   */
  private void writeCompressed(PlannedInode inode, FileChannel out, long dataAt, ByteBuffer buf)
      throws IOException {
    CompressedFile c = java.util.Objects.requireNonNull(inode.compressed);
    FileChannel spool =
        java.util.Objects.requireNonNull(this.spool, "no spool for compressed data");
    int itemStart = (int) (inode.nid * SLOT_SIZE - start);
    int base = inode.baseLength();
    buf.position(itemStart + (int) MetadataLayout.align(base, Z_EROFS_MAP_HEADER_ALIGN));
    c.encodeMap(buf, inode.size, base, inode.startBlock);
    if (c.inlineLength() > 0) {
      ByteBuffer tail = buf.slice(buf.position(), c.inlineLength());
      PositionalIo.readFully(spool, tail, c.inlineAt());
    }
    if (inode.sameData != null) {
      return; // an identical file wrote them
    }
    long to = dataAt;
    for (long[] run : c.segments()) {
      long from = run[0];
      long bytes = run[1] * BLOCK_SIZE;
      for (long done = 0; done < bytes; ) {
        int piece = (int) Math.min(copy.capacity(), bytes - done);
        copy.clear().limit(piece);
        PositionalIo.readFully(spool, copy, from + done);
        PositionalIo.writeFully(out, copy.flip(), to + done);
        done += piece;
      }
      to += bytes;
    }
  }

  /** The error when a source file is shorter than when the tree was scanned. */
  static ImageBuildException shorter(PlannedInode inode, RegularFile f) {
    return new ImageBuildException(
        inode.path()
            + ": "
            + f.content().file()
            + " ends before the "
            + f.size()
            + " bytes it had when scanned");
  }

  private static void writeDirectory(
      PlannedInode inode, FileChannel out, long dataAt, ByteBuffer buf) throws IOException {
    List<DirectoryCodec.Dirent> dirents = new ArrayList<>(inode.dirNames.size());
    for (int i = 0; i < inode.dirNames.size(); i++) {
      PlannedInode target = inode.dirTargets.get(i);
      dirents.add(new DirectoryCodec.Dirent(inode.dirNames.get(i), target.nid, target.fileType()));
    }
    long[] next = {dataAt};
    DirectoryCodec.encode(
        dirents,
        (block, last) -> {
          if (last && inode.inline) {
            buf.put(block);
          } else {
            block.limit(BLOCK_SIZE);
            PositionalIo.writeFully(out, block, next[0]);
            next[0] += BLOCK_SIZE;
          }
        });
  }

  private static void writeSymlink(
      PlannedInode inode, Symlink s, FileChannel out, long dataAt, ByteBuffer buf)
      throws IOException {
    byte[] target = s.target();
    if (inode.inline) {
      buf.put(target);
    } else {
      ByteBuffer block = LittleEndian.allocate(BLOCK_SIZE).put(target);
      PositionalIo.writeFully(out, block.clear(), dataAt);
    }
  }

  /** Keeps the last source open: the members of a tar share one file. */
  private FileChannel source(Path file) throws IOException {
    if (!file.equals(openPath)) {
      closeSource();
      openChannel = FileChannel.open(file, StandardOpenOption.READ);
      openPath = file;
    }
    return Objects.requireNonNull(openChannel);
  }

  private void closeSource() throws IOException {
    if (openChannel != null) {
      openChannel.close();
      openChannel = null;
      openPath = null;
    }
  }
}
