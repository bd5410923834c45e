package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.Tasks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A planned ext4 file system: its size is known before anything is written, and {@link #write}
 * streams it into a channel at any offset (for example inside a partition of a disk image). File
 * data is copied once from the sources, in parallel, with positional reads and writes; metadata is
 * encoded as it is written. Neither a file nor the image is held in memory, and the bytes do not
 * depend on the number of threads.
 *
 * <p>Only blocks with content are written: free blocks, holes, unused inode table blocks and the
 * journal after its superblock are left alone, so the range must read as zeros (a new file, a
 * truncated one, or a new disk image), as mke2fs assumes of a device it discards.
 *
 * <p>Immutable and thread-safe; {@link #write} gives identical bytes each time.
 */
public final class Ext4Image {
  private static final int COPY_BUFFER = 1 << 20;
  private static final long TASK_BLOCKS = 4096;
  private static final int TASK_INODES = 512;
  private static final int TABLE_CHUNK = 4096;

  private final InodeCollector.Collected collected;
  private final Ext4Options options;
  private final Layout layout;
  private final Ext4Writer.Identity id;
  private final Checksums checksums;
  private final GroupTables tables;

  Ext4Image(
      InodeCollector.Collected collected,
      Ext4Options options,
      Layout layout,
      Ext4Writer.Identity id) {
    this.collected = collected;
    this.options = options;
    this.layout = layout;
    this.id = id;
    this.checksums = new Checksums(id.uuid());
    this.tables = new GroupTables(layout, collected.inodes());
  }

  /**
   * @return the file system size in bytes, a multiple of 4096
   */
  public long sizeBytes() {
    return layout.geometry().blocks() * BLOCK_SIZE;
  }

  /**
   * @return the file system UUID
   */
  public UUID uuid() {
    return id.uuid();
  }

  /**
   * @return the superblock time (mkfs, last write, last check)
   */
  public Instant buildTime() {
    return id.time();
  }

  /**
   * @return the number of inodes (used and free)
   */
  public long inodeCount() {
    return layout.geometry().inodes();
  }

  /**
   * @return free blocks (before the reserve for root is taken off)
   */
  public long freeBytes() {
    return tables.freeBlocks() * BLOCK_SIZE;
  }

  /**
   * The same file system laid out again to fill {@code bytes} (a partition's size), without reading
   * the sources again.
   *
   * @param bytes the new size
   * @return the image of that size
   * @throws InvalidInputException when the tree does not fit
   */
  public Ext4Image withSize(long bytes) throws InvalidInputException {
    Ext4Options o = options.withSize(bytes);
    return new Ext4Image(collected, o, Layout.fit(collected, o), id);
  }

  /**
   * Writes the file system ({@link #sizeBytes()} bytes) to {@code ch} starting at {@code offset},
   * using one thread per available processor. The range must read as zeros where nothing is written
   * (see the class comment); the channel is extended to its end when shorter.
   *
   * @param ch the output, open for reading and writing
   * @param offset where the file system starts in {@code ch}
   * @param listener receives progress in bytes of file data
   * @throws IOException on a read or write failure, or when a source shrank since planning
   */
  public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
    write(ch, offset, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Like {@link #write(FileChannel, long, ProgressListener)} with a given number of threads.
   *
   * @param ch the output
   * @param offset where the file system starts in {@code ch}
   * @param listener receives progress
   * @param threads threads to use, at least 1
   * @throws IOException on a read or write failure
   */
  public void write(FileChannel ch, long offset, ProgressListener listener, int threads)
      throws IOException {
    Geometry g = layout.geometry();
    int[] blockCsums = new int[g.groups()];
    int[] inodeCsums = new int[g.groups()];
    long total = 0;
    for (PlannedInode p : collected.inodes()) {
      if (p.node instanceof dev.mkddi.tree.RegularFile f) {
        total += f.size();
      }
    }
    try (ProgressListener.Step step = listener.begin("writing ext4 image", total)) {
      List<Tasks.Task> tasks = new ArrayList<>();
      ThreadLocal<ByteBuffer> buffers =
          ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(COPY_BUFFER));
      addContentTasks(tasks, ch, offset, step, buffers);
      addInodeTableTasks(tasks, ch, offset);
      for (int group = 0; group < g.groups(); group++) {
        int grp = group;
        tasks.add(() -> writeBitmaps(ch, offset, grp, blockCsums, inodeCsums));
      }
      Tasks.run(tasks, Math.max(1, threads), "ext4-writer");
    }
    MetadataWriter meta = new MetadataWriter(layout, id, checksums, options.readOnly());
    meta.writeJournal(ch, offset);
    meta.writeResizeBlocks(ch, offset);
    meta.writeGroupDescriptors(ch, offset, tables, blockCsums, inodeCsums);
    meta.writeSuperblocks(ch, offset, tables);
    long end = Math.addExact(offset, sizeBytes());
    if (ch.size() < end) {
      PositionalIo.writeFully(ch, ByteBuffer.allocate(1), end - 1);
    }
  }

  private void addContentTasks(
      List<Tasks.Task> tasks,
      FileChannel ch,
      long offset,
      ProgressListener.Step step,
      ThreadLocal<ByteBuffer> buffers) {
    List<PlannedInode> inodes = collected.inodes();
    Allocation a = layout.allocation();
    int from = 0;
    long blocks = 0;
    for (int i = 0; i < inodes.size(); i++) {
      blocks += inodes.get(i).dataBlocks();
      if (blocks >= TASK_BLOCKS || i + 1 - from >= TASK_INODES || i + 1 == inodes.size()) {
        int first = from;
        int last = i + 1;
        tasks.add(
            () -> {
              try (ContentWriter w = new ContentWriter(ch, offset, checksums, buffers.get())) {
                for (int k = first; k < last; k++) {
                  PlannedInode p = inodes.get(k);
                  long x = p.xattrBlock != null ? a.xattrBlocks[p.xattrBlock.index] : 0;
                  step.advance(w.write(p, a.extents[k], a.trees[k], x));
                }
              }
            });
        from = i + 1;
        blocks = 0;
      }
    }
  }

  /** One task per chunk of used inode table: the inodes encoded with their checksums. */
  private void addInodeTableTasks(List<Tasks.Task> tasks, FileChannel ch, long offset) {
    Geometry g = layout.geometry();
    List<PlannedInode> inodes = collected.inodes();
    Allocation a = layout.allocation();
    int next = 0; // position in inodes of the first inode not yet written
    for (int group = 0; group < g.groups(); group++) {
      int used = tables.usedInodes(group);
      for (int start = 0; start < used; start += TABLE_CHUNK) {
        int count = Math.min(TABLE_CHUNK, used - start);
        long firstIno = (long) group * g.inodesPerGroup() + start + 1;
        int from = next;
        while (next < inodes.size() && inodes.get(next).ino < firstIno + count) {
          next++;
        }
        int to = next;
        long at = a.inodeTables[group] + (long) start / INODES_PER_BLOCK;
        tasks.add(() -> writeInodes(ch, offset, at, firstIno, count, from, to));
      }
    }
  }

  /**
   * Encodes inodes {@code firstIno} to {@code firstIno + count - 1}: planned ones are [from, to).
   */
  private void writeInodes(
      FileChannel ch, long offset, long block, long firstIno, int count, int from, int to)
      throws IOException {
    int bytes = (int) Geometry.ceilDiv((long) count * INODE_SIZE, BLOCK_SIZE) * BLOCK_SIZE;
    ByteBuffer buf = LittleEndian.allocate(bytes);
    Allocation a = layout.allocation();
    for (int k = from; k < to; k++) {
      PlannedInode p = collected.inodes().get(k);
      long x = p.xattrBlock != null ? a.xattrBlocks[p.xattrBlock.index] : 0;
      Inode inode = InodeEncoder.of(p, a.extents[k], a.trees[k], x);
      inode.encode(buf.position((int) (p.ino - firstIno) * INODE_SIZE), p.ino, checksums);
    }
    MetadataWriter meta = new MetadataWriter(layout, id, checksums, options.readOnly());
    meta.encodeSystemInodes(buf, firstIno, count);
    PositionalIo.writeFully(ch, buf.clear(), Math.addExact(offset, block * BLOCK_SIZE));
  }

  private void writeBitmaps(
      FileChannel ch, long offset, int group, int[] blockCsums, int[] inodeCsums)
      throws IOException {
    Geometry g = layout.geometry();
    Allocation a = layout.allocation();
    ByteBuffer bb = LittleEndian.wrap(tables.blockBitmap(group));
    blockCsums[group] = checksums.bitmap(bb, g.blocksPerGroup() / 8);
    PositionalIo.writeFully(ch, bb, Math.addExact(offset, a.blockBitmaps[group] * BLOCK_SIZE));
    ByteBuffer ib = LittleEndian.wrap(tables.inodeBitmap(group));
    inodeCsums[group] = checksums.bitmap(ib, g.inodesPerGroup() / 8);
    PositionalIo.writeFully(ch, ib, Math.addExact(offset, a.inodeBitmaps[group] * BLOCK_SIZE));
  }
}
