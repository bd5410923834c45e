package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes the file system's own structures: the superblock and group descriptor copies, the journal
 * superblock and its extent tree, the resize inode's blocks and the system inodes (7 and 8).
 * Immutable.
 */
final class MetadataWriter {
  private final Layout layout;
  private final Ext4Writer.Identity id;
  private final Checksums checksums;
  private final boolean readOnly;

  MetadataWriter(Layout layout, Ext4Writer.Identity id, Checksums checksums, boolean readOnly) {
    this.layout = layout;
    this.id = id;
    this.checksums = checksums;
    this.readOnly = readOnly;
  }

  private Geometry g() {
    return layout.geometry();
  }

  private Allocation a() {
    return layout.allocation();
  }

  /**
   * Encodes the resize and journal inodes if they fall in {@code [firstIno, firstIno + count)}.
   *
   * @param buf the inode table chunk
   * @param firstIno its first inode number
   * @param count its inodes
   */
  void encodeSystemInodes(ByteBuffer buf, long firstIno, int count) {
    if (g().reservedGdtBlocks() > 0 && in(RESIZE_INO, firstIno, count)) {
      Inode resize = InodeEncoder.resize(g(), a().resizeBlock, id.time());
      resize.encode(
          buf.position((int) (RESIZE_INO - firstIno) * INODE_SIZE), RESIZE_INO, checksums);
    }
    if (g().journalBlocks() > 0 && in(JOURNAL_INO, firstIno, count)) {
      Inode journal = InodeEncoder.journal(a().journalExtents, a().journalTree, id.time());
      journal.encode(
          buf.position((int) (JOURNAL_INO - firstIno) * INODE_SIZE), JOURNAL_INO, checksums);
    }
  }

  private static boolean in(long ino, long first, int count) {
    return ino >= first && ino < first + count;
  }

  /**
   * @return the journal inode's {@code i_block}, size high and size, for {@code s_jnl_blocks}
   */
  int[] journalBackup() {
    if (g().journalBlocks() == 0) {
      return new int[S_JNL_BLOCKS_COUNT];
    }
    Inode j = InodeEncoder.journal(a().journalExtents, a().journalTree, id.time());
    ByteBuffer b = LittleEndian.wrap(j.block());
    int[] words = new int[S_JNL_BLOCKS_COUNT];
    for (int i = 0; i < 15; i++) {
      words[i] = b.getInt(4 * i);
    }
    words[15] = (int) (j.size() >>> 32);
    words[16] = (int) j.size();
    return words;
  }

  void writeJournal(FileChannel ch, long offset) throws IOException {
    if (g().journalBlocks() == 0) {
      return;
    }
    long[] e = a().journalExtents;
    write(ch, offset, e[1], JournalSuperblock.empty(g().journalBlocks(), id.uuid()).encode());
    ByteBuffer block = LittleEndian.allocate(BLOCK_SIZE);
    for (int k = 0; k < a().journalTree.length; k++) {
      block.clear().put(0, new byte[BLOCK_SIZE]);
      ExtentTree.encodeBlock(k, e, a().journalTree, JOURNAL_INO, checksums, block);
      write(ch, offset, a().journalTree[k], block.clear());
    }
  }

  /**
   * The resize inode's double-indirect block maps each primary reserved GDT block, and each of
   * those lists where its copies in the backup groups are (e2fsprogs' {@code res_gdt.c} layout).
   */
  void writeResizeBlocks(FileChannel ch, long offset) throws IOException {
    int rsv = g().reservedGdtBlocks();
    if (rsv == 0) {
      return;
    }
    ByteBuffer dind = LittleEndian.allocate(BLOCK_SIZE);
    for (int r = 0; r < rsv; r++) {
      long gdtBlock = 1 + g().descBlocks() + r;
      dind.putInt(((g().descBlocks() + r) % ADDR_PER_BLOCK) * 4, (int) gdtBlock);
      ByteBuffer copies = LittleEndian.allocate(BLOCK_SIZE);
      int j = 0;
      for (int group = 1; group < g().groups(); group++) {
        if (Geometry.hasSuper(group)) {
          copies.putInt(4 * j++, (int) (gdtBlock + g().groupStart(group)));
        }
      }
      write(ch, offset, gdtBlock, copies);
    }
    write(ch, offset, a().resizeBlock, dind);
  }

  void writeGroupDescriptors(
      FileChannel ch, long offset, GroupTables tables, int[] blockCsums, int[] inodeCsums)
      throws IOException {
    ByteBuffer gdt = LittleEndian.allocate(g().descBlocks() * BLOCK_SIZE);
    for (int group = 0; group < g().groups(); group++) {
      GroupDescriptor d = tables.descriptor(group, blockCsums[group], inodeCsums[group]);
      d.encode(gdt.position(group * DESC_SIZE), group, checksums);
    }
    for (int group = 0; group < g().groups(); group++) {
      if (Geometry.hasSuper(group)) {
        write(ch, offset, g().groupStart(group) + 1, gdt.clear());
      }
    }
  }

  void writeSuperblocks(FileChannel ch, long offset, GroupTables tables) throws IOException {
    Geometry geo = g();
    int compat = COMPAT_EXT_ATTR | COMPAT_DIR_INDEX;
    if (geo.journalBlocks() > 0) {
      compat |= COMPAT_HAS_JOURNAL;
    }
    if (geo.reservedGdtBlocks() > 0) {
      compat |= COMPAT_RESIZE_INODE;
    }
    int roCompat =
        RO_COMPAT_SPARSE_SUPER
            | RO_COMPAT_LARGE_FILE
            | RO_COMPAT_HUGE_FILE
            | RO_COMPAT_DIR_NLINK
            | RO_COMPAT_EXTRA_ISIZE
            | RO_COMPAT_METADATA_CSUM
            | (readOnly ? RO_COMPAT_READONLY : 0);
    Superblock sb =
        new Superblock(
            geo.inodes(),
            geo.blocks(),
            geo.reservedBlocks(),
            tables.freeBlocks(),
            tables.freeInodes(),
            geo.blocksPerGroup(),
            geo.inodesPerGroup(),
            Math.max(0, id.time().getEpochSecond()),
            compat,
            INCOMPAT_FILETYPE | INCOMPAT_EXTENTS | INCOMPAT_64BIT | INCOMPAT_FLEX_BG,
            roCompat,
            id.uuid(),
            id.labelBytes(),
            geo.reservedGdtBlocks(),
            id.hashSeedBytes(),
            journalBackup(),
            0);
    ByteBuffer block = LittleEndian.allocate(BLOCK_SIZE);
    block.put(SUPERBLOCK_OFFSET, sb.encode().array());
    write(ch, offset, 0, block);
    for (int group = 1; group < geo.groups(); group++) {
      if (Geometry.hasSuper(group)) {
        ByteBuffer copy = LittleEndian.allocate(BLOCK_SIZE);
        copy.put(0, sb.inGroup(group).encode().array());
        write(ch, offset, geo.groupStart(group), copy);
      }
    }
  }

  private static void write(FileChannel ch, long offset, long block, ByteBuffer buf)
      throws IOException {
    PositionalIo.writeFully(ch, buf.clear(), Math.addExact(offset, block * BLOCK_SIZE));
  }
}
