package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads ext4 file systems as this package writes them (4096-byte blocks, 256-byte inodes, 64bit,
 * metadata checksums), for tests and verification: the superblock, group descriptors, inodes,
 * directories (linear and htree, with name lookup through the index), file contents through extent
 * trees of any depth, symlinks and extended attributes. Every checksum read is verified; a bad one
 * is a {@link FormatException} naming the offset. Not thread-safe (one reader per thread).
 */
public final class Ext4Reader {
  private final FileChannel ch;
  private final long offset;
  private final String name;
  private final Superblock sb;
  private final Checksums checksums;
  private final GroupDescriptor[] groups;
  private final DirHash hash;

  private Ext4Reader(FileChannel ch, long offset, String name) throws IOException {
    this.ch = ch;
    this.offset = offset;
    this.name = name;
    ByteBuffer s = LittleEndian.allocate(SUPERBLOCK_SIZE);
    PositionalIo.readFully(ch, s, offset + SUPERBLOCK_OFFSET);
    this.sb = Superblock.decode(s, name, offset + SUPERBLOCK_OFFSET);
    this.checksums = new Checksums(sb.uuid());
    int count = (int) Geometry.ceilDiv(sb.blocksCount(), sb.blocksPerGroup());
    ByteBuffer gdt = block(1, (int) Geometry.ceilDiv(count, DESCS_PER_BLOCK));
    groups = new GroupDescriptor[count];
    for (int g = 0; g < count; g++) {
      gdt.position(g * DESC_SIZE);
      int stored = GroupDescriptor.storedChecksum(gdt);
      int computed = checksums.groupDescriptor(g, gdt.duplicate().order(gdt.order())) & 0xffff;
      if (stored != computed) {
        throw bad(
            BLOCK_SIZE + (long) g * DESC_SIZE + BG_CHECKSUM,
            "group " + g + " descriptor checksum",
            computed,
            stored);
      }
      groups[g] = GroupDescriptor.decode(gdt);
    }
    this.hash = new DirHash(sb.hashSeedWords(), true);
  }

  /**
   * @param ch the image, open for reading
   * @param offset where the file system starts in it
   * @param name the image's name, for messages
   * @return a reader
   * @throws FormatException when the superblock or a group descriptor is invalid
   * @throws IOException on a read failure
   */
  public static Ext4Reader open(FileChannel ch, long offset, String name) throws IOException {
    return new Ext4Reader(ch, offset, name);
  }

  /** One directory entry. */
  public record Entry(byte[] name, long ino, int fileType) {
    /**
     * @return the name as UTF-8 text
     */
    public String text() {
      return new String(name, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  Superblock superblock() {
    return sb;
  }

  GroupDescriptor group(int g) {
    return groups[g];
  }

  /**
   * @return the file system UUID
   */
  public java.util.UUID uuid() {
    return sb.uuid();
  }

  /**
   * @return the file system size in bytes
   */
  public long sizeBytes() {
    return sb.blocksCount() * BLOCK_SIZE;
  }

  /**
   * @return the feature words: compat, incompat, ro_compat
   */
  public int[] features() {
    return new int[] {sb.compat(), sb.incompat(), sb.roCompat()};
  }

  /**
   * @param ino an inode number
   * @return the inode, its checksum verified
   * @throws IOException when it cannot be read or its checksum is wrong
   */
  Inode inode(long ino) throws IOException {
    if (ino < 1 || ino > sb.inodesCount()) {
      throw new FormatException(name, 0, "inode number", ino + " is out of range");
    }
    long index = ino - 1;
    GroupDescriptor g = groups[(int) (index / sb.inodesPerGroup())];
    long at = g.inodeTable() * BLOCK_SIZE + (index % sb.inodesPerGroup()) * INODE_SIZE;
    ByteBuffer b = LittleEndian.allocate(INODE_SIZE);
    PositionalIo.readFully(ch, b, offset + at);
    b.clear();
    int stored =
        Short.toUnsignedInt(b.getShort(I_CHECKSUM_LO))
            | Short.toUnsignedInt(b.getShort(I_CHECKSUM_HI)) << 16;
    int computed = checksums.inode(ino, b.duplicate().order(b.order()));
    if (stored != computed) {
      throw bad(at + I_CHECKSUM_LO, "inode " + ino + " checksum", computed, stored);
    }
    return Inode.decode(b);
  }

  /**
   * @param dir a directory's inode number
   * @return its entries, {@code .} and {@code ..} included, in on-disk order
   * @throws IOException when a block cannot be read or fails its checksum
   */
  public List<Entry> list(long dir) throws IOException {
    Inode d = inode(dir);
    List<Entry> out = new ArrayList<>();
    long blocks = d.size() / BLOCK_SIZE;
    for (long i = 0; i < blocks; i++) {
      ByteBuffer b = dirBlock(dir, d, i);
      parseEntries(b, out);
    }
    return out;
  }

  /**
   * Looks a name up as the kernel does: through the htree index when the directory has one.
   *
   * @param dir a directory's inode number
   * @param entryName the name
   * @return the inode it names, or empty
   * @throws IOException when a block cannot be read or fails its checksum
   */
  public OptionalLong lookup(long dir, byte[] entryName) throws IOException {
    Inode d = inode(dir);
    List<Long> candidates = new ArrayList<>();
    boolean dots =
        entryName.length <= 2
            && entryName[0] == '.'
            && (entryName.length == 1 || entryName[1] == '.');
    if (dots) {
      candidates.add(0L); // as the kernel: "." and ".." are only in the first block
    } else if ((d.flags() & EXT4_INDEX_FL) == 0) {
      for (long i = 0; i < d.size() / BLOCK_SIZE; i++) {
        candidates.add(i);
      }
    } else {
      candidates.addAll(HtreeLookup.leaves(this, dir, d, hash.hash(entryName)));
    }
    for (long block : candidates) {
      List<Entry> entries = new ArrayList<>();
      parseEntries(dirBlock(dir, d, block), entries);
      for (Entry e : entries) {
        if (Arrays.equals(e.name(), entryName)) {
          return OptionalLong.of(e.ino());
        }
      }
    }
    return OptionalLong.empty();
  }

  /** A directory block, its checksum verified (leaf tail or dx tail). */
  ByteBuffer dirBlock(long dir, Inode d, long logical) throws IOException {
    long physical = ExtentMap.map(ExtentMap.extents(this, dir, d), logical);
    if (physical < 0) {
      throw new FormatException(name, 0, "directory " + dir, "block " + logical + " is not mapped");
    }
    ByteBuffer b = block(physical, 1);
    boolean leaf =
        b.getInt(DIR_LEAF_SPACE) == 0
            && b.getShort(DIR_LEAF_SPACE + 4) == DIR_TAIL_SIZE
            && (b.get(DIR_LEAF_SPACE + 7) & 0xff) == DIR_TAIL_FT;
    if (leaf) {
      int stored = b.getInt(DIR_LEAF_SPACE + 8);
      int computed = checksums.dirLeaf(dir, b.duplicate().order(b.order()).position(0));
      if (stored != computed) {
        throw bad(
            physical * BLOCK_SIZE + DIR_LEAF_SPACE + 8,
            "directory block checksum",
            computed,
            stored);
      }
    } else {
      int countOffset =
          Short.toUnsignedInt(b.getShort(4)) == BLOCK_SIZE ? DX_NODE_ENTRIES : DX_ROOT_ENTRIES;
      int limit = Short.toUnsignedInt(b.getShort(countOffset));
      int count = Short.toUnsignedInt(b.getShort(countOffset + 2));
      int tail = countOffset + limit * DX_ENTRY_SIZE;
      if (tail + DX_TAIL_SIZE > BLOCK_SIZE || count > limit) {
        throw new FormatException(
            name, physical * BLOCK_SIZE, "htree node", "bad count " + count + " or limit " + limit);
      }
      int stored = b.getInt(tail + 4);
      int computed =
          checksums.dxNode(dir, b.duplicate().order(b.order()).position(0), countOffset, count);
      if (stored != computed) {
        throw bad(physical * BLOCK_SIZE + tail + 4, "htree node checksum", computed, stored);
      }
    }
    return b;
  }

  private static void parseEntries(ByteBuffer b, List<Entry> out) {
    int at = 0;
    while (at < DIR_LEAF_SPACE) {
      long ino = LittleEndian.unsigned(b.getInt(at));
      int recLen = Short.toUnsignedInt(b.getShort(at + 4));
      int nameLen = b.get(at + 6) & 0xff;
      if (recLen < DIRENT_HEADER || at + recLen > BLOCK_SIZE) {
        break;
      }
      if (ino != 0 && nameLen > 0) {
        byte[] n = new byte[nameLen];
        b.get(at + DIRENT_HEADER, n);
        out.add(new Entry(n, ino, b.get(at + 7) & 0xff));
      }
      if (recLen == BLOCK_SIZE - 12 && at == 12 && nameLen == 2) {
        break; // the ".." of a dx root covers the index
      }
      at += recLen;
    }
  }

  /**
   * @param ino a regular file's inode number
   * @param from offset in the file
   * @param length bytes wanted
   * @return the bytes (holes read as zeros)
   * @throws IOException when a block cannot be read
   */
  public byte[] read(long ino, long from, int length) throws IOException {
    Inode f = inode(ino);
    long[] extents = ExtentMap.extents(this, ino, f);
    byte[] out = new byte[(int) Math.max(0, Math.min(length, f.size() - from))];
    int done = 0;
    while (done < out.length) {
      long pos = from + done;
      long logical = pos / BLOCK_SIZE;
      int inBlock = (int) (pos % BLOCK_SIZE);
      int n = Math.min(out.length - done, BLOCK_SIZE - inBlock);
      long physical = ExtentMap.map(extents, logical);
      if (physical >= 0) {
        ByteBuffer b = ByteBuffer.wrap(out, done, n);
        PositionalIo.readFully(ch, b, offset + physical * BLOCK_SIZE + inBlock);
      }
      done += n;
    }
    return out;
  }

  /**
   * @param ino an inode number
   * @return blocks of data mapped by its extents (holes excluded)
   * @throws IOException when the extent tree cannot be read
   */
  public long mappedBlocks(long ino) throws IOException {
    long n = 0;
    long[] e = ExtentMap.extents(this, ino, inode(ino));
    for (int i = 2; i < e.length; i += 3) {
      n += e[i];
    }
    return n;
  }

  /**
   * @param ino a symlink's inode number
   * @return its target
   * @throws IOException when it cannot be read
   */
  public byte[] symlinkTarget(long ino) throws IOException {
    Inode l = inode(ino);
    if (l.size() < I_BLOCK_LEN && (l.flags() & EXT4_EXTENTS_FL) == 0) {
      return Arrays.copyOf(l.block(), (int) l.size());
    }
    return read(ino, 0, (int) l.size());
  }

  /**
   * @param ino an inode number
   * @return its extended attributes (POSIX ACLs in the xattr interface's form), sorted by name
   * @throws IOException when the xattr block cannot be read or fails its checksum
   */
  public List<Xattr> xattrs(long ino) throws IOException {
    Inode i = inode(ino);
    ByteBuffer block = null;
    if (i.fileAcl() != 0) {
      block = block(i.fileAcl(), 1);
      int stored = block.getInt(XATTR_H_CHECKSUM);
      int computed =
          checksums.xattrBlock(i.fileAcl(), block.duplicate().order(block.order()).position(0));
      if (stored != computed) {
        throw bad(
            i.fileAcl() * BLOCK_SIZE + XATTR_H_CHECKSUM, "xattr block checksum", computed, stored);
      }
    }
    return XattrDecoder.decode(i.ibody(), block, name);
  }

  /**
   * @return the journal's superblock, or empty without a journal
   * @throws IOException when it cannot be read
   */
  Optional<JournalSuperblock> journal() throws IOException {
    if ((sb.compat() & COMPAT_HAS_JOURNAL) == 0) {
      return Optional.empty();
    }
    long first = ExtentMap.map(ExtentMap.extents(this, JOURNAL_INO, inode(JOURNAL_INO)), 0);
    return Optional.of(JournalSuperblock.decode(block(first, 1), name, first * BLOCK_SIZE));
  }

  /**
   * @param block a block number
   * @param count how many blocks
   * @return their bytes
   */
  ByteBuffer block(long block, int count) throws IOException {
    ByteBuffer b = LittleEndian.allocate(count * BLOCK_SIZE);
    PositionalIo.readFully(ch, b, offset + block * BLOCK_SIZE);
    return b.clear();
  }

  Checksums checksums() {
    return checksums;
  }

  String name() {
    return name;
  }

  FormatException bad(long at, String field, int expected, int got) {
    return new FormatException(
        name, at, field, String.format("expected 0x%08x, got 0x%08x", expected, got));
  }
}
