package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads uncompressed EROFS images (the subset {@link ErofsWriter} writes): superblock with
 * checksum, compact and extended inodes, FLAT_PLAIN and FLAT_INLINE data, directories, inline
 * xattrs. For tests and verification; it checks the structures it touches and reports the first
 * problem as a {@link FormatException}. Thread-safe (positional reads only).
 */
public final class ErofsReader {
  private final FileChannel ch;
  private final long offset;
  private final String name;
  private final Superblock superblock;

  /**
   * One inode as read.
   *
   * @param nid its nid
   * @param extended whether it is the 64-byte form
   * @param layout {@code 0} FLAT_PLAIN or {@code 2} FLAT_INLINE
   * @param mode {@code i_mode}
   * @param nlink link count
   * @param size {@code i_size}
   * @param uid owner
   * @param gid group
   * @param mtime modification time (the superblock time for compact inodes)
   * @param u the raw {@code i_u} field
   * @param ino {@code i_ino}
   * @param xattrs inline extended attributes
   * @param tailOffset image offset where an inline tail starts
   */
  public record Inode(
      long nid,
      boolean extended,
      int layout,
      int mode,
      long nlink,
      long size,
      long uid,
      long gid,
      Instant mtime,
      int u,
      long ino,
      List<Xattr> xattrs,
      long tailOffset) {
    /**
     * @return the file type bits of {@code mode}
     */
    public int type() {
      return mode & S_IFMT;
    }

    /**
     * @return whether this is a directory
     */
    public boolean isDirectory() {
      return type() == S_IFDIR;
    }

    /**
     * @return the device major number ({@code new_decode_dev})
     */
    public int major() {
      return (u & 0xfff00) >>> 8;
    }

    /**
     * @return the device minor number ({@code new_decode_dev})
     */
    public int minor() {
      return (u & 0xff) | ((u >>> 12) & 0xfff00);
    }
  }

  /**
   * One directory entry.
   *
   * @param name the name bytes
   * @param nid the target's nid
   * @param fileType the {@code FT_*} type
   */
  public record Entry(byte[] name, long nid, int fileType) {
    /**
     * @return the name as UTF-8 text
     */
    public String nameString() {
      return new String(name, StandardCharsets.UTF_8);
    }
  }

  private ErofsReader(FileChannel ch, long offset, String name, Superblock superblock) {
    this.ch = ch;
    this.offset = offset;
    this.name = name;
    this.superblock = superblock;
  }

  /**
   * Reads and checks the superblock (magic, block size, checksum).
   *
   * @param ch the image (or a file containing it)
   * @param offset where the image starts
   * @param name the image as the user named it, for messages
   * @return a reader
   * @throws FormatException when the superblock is invalid or its checksum does not match
   * @throws IOException on a read failure
   */
  public static ErofsReader open(FileChannel ch, long offset, String name) throws IOException {
    ByteBuffer block0 = LittleEndian.allocate(BLOCK_SIZE);
    PositionalIo.readFully(ch, block0, offset);
    Superblock sb =
        Superblock.decode(block0.position(SUPERBLOCK_OFFSET), name, offset + SUPERBLOCK_OFFSET);
    if ((sb.featureCompat() & EROFS_FEATURE_COMPAT_SB_CHKSUM) != 0) {
      int stored = block0.getInt(SUPERBLOCK_OFFSET + SB_CHECKSUM);
      int computed = Superblock.checksum(block0.array());
      if (stored != computed) {
        throw new FormatException(
            name,
            offset + SUPERBLOCK_OFFSET + SB_CHECKSUM,
            "checksum",
            String.format("expected 0x%08x, got 0x%08x", computed, stored));
      }
    }
    return new ErofsReader(ch, offset, name, sb);
  }

  /**
   * @return the superblock
   */
  public Superblock superblock() {
    return superblock;
  }

  /**
   * @param nid an inode's nid
   * @return the inode
   * @throws FormatException when the inode or its xattrs are malformed or cross a block
   * @throws IOException on a read failure
   */
  public Inode inode(long nid) throws IOException {
    long at = offset + nid * SLOT_SIZE;
    if (nid * SLOT_SIZE + INODE_COMPACT_SIZE > superblock.blocks() * BLOCK_SIZE) {
      throw new FormatException(name, at, "nid " + nid, "beyond the end of the image");
    }
    int inBlock = (int) ((nid * SLOT_SIZE) % BLOCK_SIZE);
    ByteBuffer buf = LittleEndian.allocate(BLOCK_SIZE - inBlock);
    PositionalIo.readFully(ch, buf, at);
    InodeHeader h = InodeHeader.decode(buf.position(0), superblock);
    int base = h.length() + h.xattrAreaLength();
    if (base > buf.capacity()) {
      throw new FormatException(name, at, "inode " + nid, "inode and xattrs cross a block");
    }
    if (h.dataLayout() != EROFS_INODE_FLAT_PLAIN && h.dataLayout() != EROFS_INODE_FLAT_INLINE) {
      throw new FormatException(
          name, at, "i_format of nid " + nid, "unsupported data layout " + h.dataLayout());
    }
    byte[] area = new byte[h.xattrAreaLength()];
    buf.get(h.length(), area);
    List<Xattr> xattrs = XattrCodec.decode(area, name, at + h.length());
    if (h.dataLayout() == EROFS_INODE_FLAT_INLINE
        && base + h.size() % BLOCK_SIZE > buf.capacity()) {
      throw new FormatException(name, at, "inode " + nid, "inline data crosses a block boundary");
    }
    return new Inode(
        nid,
        h.extended(),
        h.dataLayout(),
        h.mode(),
        h.nlink(),
        h.size(),
        h.uid(),
        h.gid(),
        Instant.ofEpochSecond(h.mtime(), h.mtimeNanos()),
        h.u(),
        h.ino(),
        xattrs,
        at + base);
  }

  /**
   * Reads {@code length} bytes of an inode's data starting at {@code pos}.
   *
   * @param inode a regular file, directory or symlink
   * @param pos offset in the file
   * @param length bytes to read, within the file
   * @return the bytes
   * @throws IOException on a read failure
   */
  public byte[] read(Inode inode, long pos, int length) throws IOException {
    if (pos < 0 || pos + length > inode.size()) {
      throw new IllegalArgumentException("range " + pos + "+" + length + " beyond " + inode.size());
    }
    byte[] out = new byte[length];
    long tailStart =
        inode.layout() == EROFS_INODE_FLAT_INLINE
            ? inode.size() / BLOCK_SIZE * BLOCK_SIZE
            : Long.MAX_VALUE;
    long blockBase = offset + Integer.toUnsignedLong(inode.u()) * BLOCK_SIZE;
    int done = 0;
    while (done < length) {
      long p = pos + done;
      int n;
      long at;
      if (p >= tailStart) {
        n = length - done;
        at = inode.tailOffset() + (p - tailStart);
      } else {
        n = (int) Math.min(length - done, tailStart - p);
        at = blockBase + p;
      }
      PositionalIo.readFully(ch, ByteBuffer.wrap(out, done, n), at);
      done += n;
    }
    return out;
  }

  /**
   * @param dir a directory inode
   * @return its entries in stored order, {@code .} and {@code ..} included
   * @throws FormatException when a directory block is malformed
   * @throws IOException on a read failure
   */
  public List<Entry> list(Inode dir) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (long start = 0; start < dir.size(); start += BLOCK_SIZE) {
      int valid = (int) Math.min(BLOCK_SIZE, dir.size() - start);
      byte[] block = read(dir, start, valid);
      for (DirectoryCodec.Dirent d :
          DirectoryCodec.decodeBlock(block, valid, name, dir.nid() * SLOT_SIZE)) {
        out.add(new Entry(d.name(), d.nid(), d.fileType()));
      }
    }
    return out;
  }

  /**
   * @param path an absolute path such as {@code /usr/lib/os-release}
   * @return the inode, or null when a component does not exist
   * @throws IOException on a read failure or a malformed directory
   */
  public @Nullable Inode lookup(String path) throws IOException {
    Inode cur = inode(superblock.rootNid());
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!cur.isDirectory()) {
        return null;
      }
      Inode next = null;
      for (Entry e : list(cur)) {
        if (e.nameString().equals(part)) {
          next = inode(e.nid());
          break;
        }
      }
      if (next == null) {
        return null;
      }
      cur = next;
    }
    return cur;
  }
}
