package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One inode as read from an image, basic and extended forms alike. Fields that do not apply to the
 * inode's type are 0 (or empty). Immutable.
 *
 * @param ref where it is: inode table block offset {@code << 16} plus offset in the block
 * @param type the inode type as stored (1 to 14)
 * @param mode permission bits with set-uid, set-gid, sticky
 * @param uid the owner (from the id table)
 * @param gid the group (from the id table)
 * @param mtime modification time, seconds
 * @param number the inode number
 * @param nlink the link count (1 for a basic regular file)
 * @param size file size; directory: listing length + 3; symlink: target length
 * @param start regular file: position of its first block; directory: block of its listing in the
 *     directory table
 * @param offset directory: offset of its listing in that block
 * @param fragment regular file: fragment index or {@code 0xFFFFFFFF}
 * @param fragmentOffset regular file: offset of its tail in the fragment
 * @param blockSizes regular file: the size word of each block
 * @param sparse extended regular file: bytes of sparse blocks
 * @param parent directory: the parent's inode number
 * @param index extended directory: the index entries
 * @param target symlink: the target
 * @param rdev device: the encoded device number
 * @param xattr xattr index or {@code 0xFFFFFFFF}
 */
public record SquashfsInode(
    long ref,
    int type,
    int mode,
    long uid,
    long gid,
    long mtime,
    long number,
    long nlink,
    long size,
    long start,
    int offset,
    int fragment,
    int fragmentOffset,
    List<Integer> blockSizes,
    long sparse,
    long parent,
    List<DirIndex> index,
    byte[] target,
    int rdev,
    int xattr) {

  /**
   * One directory index entry.
   *
   * @param index offset of a header in the listing
   * @param startBlock the directory-table block holding it
   * @param name the header's first name
   */
  public record DirIndex(long index, long startBlock, byte[] name) {}

  /**
   * @return the type without the extended distinction (1 to 7)
   */
  public int basicType() {
    return type > EXTENDED_TYPE_DELTA ? type - EXTENDED_TYPE_DELTA : type;
  }

  /**
   * @return whether the inode is stored in the extended form
   */
  public boolean extended() {
    return type > EXTENDED_TYPE_DELTA;
  }

  /**
   * @return the device major number
   */
  public int major() {
    return (rdev >>> 8) & 0xFFF;
  }

  /**
   * @return the device minor number
   */
  public int minor() {
    return (rdev & 0xFF) | ((rdev >>> 12) & 0xFFF00);
  }

  /**
   * @return whether the inode has extended attributes
   */
  public boolean hasXattrs() {
    return xattr != INVALID_XATTR;
  }

  @Override
  public byte[] target() {
    return target.clone();
  }

  /** Decodes the inode at a cursor. */
  static SquashfsInode read(
      MetadataReader r, MetadataReader.Cursor at, long ref, long[] ids, int blockSize, String file)
      throws IOException {
    long position = at.block;
    ByteBuffer h = r.buffer(at, BASE_INODE_SIZE);
    int type = Short.toUnsignedInt(h.getShort(INODE_TYPE));
    int mode = Short.toUnsignedInt(h.getShort(INODE_MODE)) & MODE_MASK;
    int uidIndex = Short.toUnsignedInt(h.getShort(INODE_UID));
    int gidIndex = Short.toUnsignedInt(h.getShort(INODE_GID));
    if (uidIndex >= ids.length || gidIndex >= ids.length) {
      throw new FormatException(
          file,
          position,
          "inode uid/gid index",
          "expected below " + ids.length + ", got " + uidIndex + "/" + gidIndex);
    }
    long mtime = Integer.toUnsignedLong(h.getInt(INODE_MTIME));
    long number = Integer.toUnsignedLong(h.getInt(INODE_NUMBER));
    Fields f = new Fields();
    switch (type) {
      case DIR_TYPE -> {
        ByteBuffer b = r.buffer(at, DIR_INODE_SIZE - BASE_INODE_SIZE);
        f.start = Integer.toUnsignedLong(b.getInt());
        f.nlink = Integer.toUnsignedLong(b.getInt());
        f.size = Short.toUnsignedInt(b.getShort());
        f.offset = Short.toUnsignedInt(b.getShort());
        f.parent = Integer.toUnsignedLong(b.getInt());
      }
      case LDIR_TYPE -> {
        ByteBuffer b = r.buffer(at, LDIR_INODE_SIZE - BASE_INODE_SIZE);
        f.nlink = Integer.toUnsignedLong(b.getInt());
        f.size = Integer.toUnsignedLong(b.getInt());
        f.start = Integer.toUnsignedLong(b.getInt());
        f.parent = Integer.toUnsignedLong(b.getInt());
        int count = Short.toUnsignedInt(b.getShort());
        f.offset = Short.toUnsignedInt(b.getShort());
        f.xattr = b.getInt();
        for (int i = 0; i < count; i++) {
          ByteBuffer e = r.buffer(at, DIR_INDEX_SIZE);
          long index = Integer.toUnsignedLong(e.getInt());
          long block = Integer.toUnsignedLong(e.getInt());
          int length = e.getInt() + 1;
          if (length < 1 || length > 256) {
            throw new FormatException(
                file, position, "directory index name length", "expected 1 to 256, got " + length);
          }
          f.index.add(new DirIndex(index, block, r.read(at, length)));
        }
      }
      case FILE_TYPE, LREG_TYPE -> readFile(r, at, type, blockSize, f, file, position);
      case SYMLINK_TYPE, LSYMLINK_TYPE -> {
        ByteBuffer b = r.buffer(at, SYMLINK_INODE_SIZE - BASE_INODE_SIZE);
        f.nlink = Integer.toUnsignedLong(b.getInt());
        int length = b.getInt();
        if (length < 0 || length > 65535) {
          throw new FormatException(
              file, position, "symlink size", "expected 0 to 65535, got " + length);
        }
        f.size = length;
        f.target = r.read(at, length);
        if (type == LSYMLINK_TYPE) {
          f.xattr = r.buffer(at, 4).getInt();
        }
      }
      case BLKDEV_TYPE, CHRDEV_TYPE, LBLKDEV_TYPE, LCHRDEV_TYPE -> {
        boolean extended = type > EXTENDED_TYPE_DELTA;
        ByteBuffer b =
            r.buffer(at, (extended ? LDEV_INODE_SIZE : DEV_INODE_SIZE) - BASE_INODE_SIZE);
        f.nlink = Integer.toUnsignedLong(b.getInt());
        f.rdev = b.getInt();
        f.xattr = extended ? b.getInt() : INVALID_XATTR;
      }
      case FIFO_TYPE, SOCKET_TYPE, LFIFO_TYPE, LSOCKET_TYPE -> {
        boolean extended = type > EXTENDED_TYPE_DELTA;
        ByteBuffer b =
            r.buffer(at, (extended ? LIPC_INODE_SIZE : IPC_INODE_SIZE) - BASE_INODE_SIZE);
        f.nlink = Integer.toUnsignedLong(b.getInt());
        f.xattr = extended ? b.getInt() : INVALID_XATTR;
      }
      default ->
          throw new FormatException(file, position, "inode type", "expected 1 to 14, got " + type);
    }
    return new SquashfsInode(
        ref,
        type,
        mode,
        ids[uidIndex],
        ids[gidIndex],
        mtime,
        number,
        f.nlink,
        f.size,
        f.start,
        f.offset,
        f.fragment,
        f.fragmentOffset,
        List.copyOf(f.blocks),
        f.sparse,
        f.parent,
        List.copyOf(f.index),
        f.target,
        f.rdev,
        f.xattr);
  }

  private static void readFile(
      MetadataReader r,
      MetadataReader.Cursor at,
      int type,
      int blockSize,
      Fields f,
      String file,
      long position)
      throws IOException {
    if (type == FILE_TYPE) {
      ByteBuffer b = r.buffer(at, REG_INODE_SIZE - BASE_INODE_SIZE);
      f.start = Integer.toUnsignedLong(b.getInt());
      f.fragment = b.getInt();
      f.fragmentOffset = b.getInt();
      f.size = Integer.toUnsignedLong(b.getInt());
      f.nlink = 1;
    } else {
      ByteBuffer b = r.buffer(at, LREG_INODE_SIZE - BASE_INODE_SIZE);
      f.start = b.getLong();
      f.size = b.getLong();
      f.sparse = b.getLong();
      f.nlink = Integer.toUnsignedLong(b.getInt());
      f.fragment = b.getInt();
      f.fragmentOffset = b.getInt();
      f.xattr = b.getInt();
    }
    if (f.size < 0 || f.start < 0) {
      throw new FormatException(file, position, "file size", "negative size or start");
    }
    int log = Integer.numberOfTrailingZeros(blockSize);
    long blocks = f.fragment == INVALID_FRAG ? (f.size + blockSize - 1) >>> log : f.size >>> log;
    if (blocks > Integer.MAX_VALUE / 4) {
      throw new FormatException(file, position, "file size", f.size + " bytes is too large");
    }
    ByteBuffer list = r.buffer(at, (int) blocks * 4);
    for (int i = 0; i < blocks; i++) {
      f.blocks.add(list.getInt());
    }
  }

  /** Mutable fields while decoding. */
  private static final class Fields {
    long nlink;
    long size;
    long start;
    int offset;
    int fragment = INVALID_FRAG;
    int fragmentOffset;
    final List<Integer> blocks = new ArrayList<>();
    long sparse;
    long parent;
    final List<DirIndex> index = new ArrayList<>();
    byte[] target = new byte[0];
    int rdev;
    int xattr = INVALID_XATTR;
  }
}
