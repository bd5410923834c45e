package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes the blocks that belong to inodes: file data (copied once from the sources, holes left
 * unwritten), directory blocks, slow symlink targets, extent tree blocks and xattr blocks. One per
 * thread; the channel is shared (positional writes).
 */
final class ContentWriter implements Closeable {
  private static final byte[] ZERO_BLOCK = new byte[BLOCK_SIZE];

  private final FileChannel out;
  private final long offset;
  private final Checksums checksums;
  private final ByteBuffer copy;
  private final ByteBuffer block = LittleEndian.allocate(BLOCK_SIZE);
  private final SourceReader reader = new SourceReader();

  /**
   * @param out the image channel
   * @param offset where the file system starts in it
   * @param checksums the file system's checksums
   * @param copy this thread's copy buffer (a multiple of 4096 bytes)
   */
  ContentWriter(FileChannel out, long offset, Checksums checksums, ByteBuffer copy) {
    this.out = out;
    this.offset = offset;
    this.checksums = checksums;
    this.copy = copy;
  }

  /**
   * @param inode an inode
   * @param extents its extents (triples)
   * @param tree its extent tree blocks
   * @param xattrBlock its xattr block (written when the inode owns it), 0 for none
   * @return bytes of file data copied
   * @throws IOException on a read or write failure, or when a source shrank
   */
  long write(PlannedInode inode, long[] extents, long[] tree, long xattrBlock) throws IOException {
    long copied = 0;
    if (inode.node instanceof RegularFile f) {
      copied = copyFile(inode, f, extents);
    } else if (inode.directory != null) {
      for (int i = 0; i < inode.directory.blocks; i++) {
        clearBlock();
        DirectoryEncoder.encode(inode.directory, i, block, checksums);
        writeBlock(ExtentMap.map(extents, i));
      }
    } else if (inode.node instanceof Symlink s && !inode.isFastSymlink()) {
      clearBlock();
      block.put(0, s.target());
      writeBlock(extents[1]);
    }
    writeTree(extents, tree, inode.ino);
    XattrBlock x = inode.xattrBlock;
    if (x != null && x.owner == inode.ino) {
      write(x.encode(xattrBlock, checksums), xattrBlock);
    }
    return copied;
  }

  /**
   * Writes the blocks of an extent tree.
   *
   * @param extents the extents (triples)
   * @param tree the tree blocks
   * @param ino the inode number
   * @throws IOException on a write failure
   */
  void writeTree(long[] extents, long[] tree, long ino) throws IOException {
    for (int k = 0; k < tree.length; k++) {
      clearBlock();
      ExtentTree.encodeBlock(k, extents, tree, ino, checksums, block);
      writeBlock(tree[k]);
    }
  }

  /** Copies each extent's bytes, the last block of the file zero-padded. */
  private long copyFile(PlannedInode inode, RegularFile f, long[] e) throws IOException {
    long size = f.size();
    long copied = 0;
    for (int i = 0; i < e.length; i += 3) {
      long from = e[i] * BLOCK_SIZE;
      long to = Math.min(size, (e[i] + e[i + 2]) * BLOCK_SIZE);
      long at = e[i + 1];
      for (long done = from; done < to; ) {
        int piece = (int) Math.min(copy.capacity(), to - done);
        copy.clear().limit(piece);
        reader.read(f, done, copy, inode.path());
        int padded = (piece + BLOCK_SIZE - 1) & -BLOCK_SIZE;
        copy.limit(padded).put(ZERO_BLOCK, 0, padded - piece);
        write(copy.flip(), at + (done - from) / BLOCK_SIZE);
        done += piece;
        copied += piece;
      }
    }
    return copied;
  }

  private void clearBlock() {
    block.clear().put(0, ZERO_BLOCK);
  }

  private void writeBlock(long at) throws IOException {
    write(block.clear(), at);
  }

  private void write(ByteBuffer buf, long blockNumber) throws IOException {
    PositionalIo.writeFully(out, buf, Math.addExact(offset, blockNumber * BLOCK_SIZE));
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
