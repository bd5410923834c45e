package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.Symlink;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes inodes as mksquashfs chooses them: the basic form where it suffices, the extended
 * ("long") form for a file with several links, 4 GiB or more of data or a start beyond 4 GiB,
 * sparse blocks or xattrs; for a directory of 257 entries or more, of 8 KiB or more of names, or
 * with xattrs; for anything else with xattrs. Stateless.
 */
final class InodeEncoder {
  private static final long FOUR_GIB = 1L << 32;

  private InodeEncoder() {}

  private static ByteBuffer header(PlannedInode inode, int type, int size) {
    ByteBuffer b = LittleEndian.allocate(size);
    b.putShort((short) type)
        .putShort((short) inode.mode)
        .putShort((short) inode.uidIndex)
        .putShort((short) inode.gidIndex)
        .putInt((int) inode.mtime)
        .putInt(inode.number);
    return b;
  }

  /**
   * @param inode a regular file's inode
   * @param data where its data went (its own or the duplicated file's)
   * @return the encoded inode, flipped
   */
  static ByteBuffer regular(PlannedInode inode, FileData data) {
    long size = data.plan.size();
    int[] blocks = data.blockSizes;
    int fragment = data.fragment;
    boolean extended =
        inode.nlink > 1
            || size >= FOUR_GIB
            || data.start >= FOUR_GIB
            || data.sparse != 0
            || inode.hasXattrs();
    ByteBuffer b;
    if (extended) {
      b = header(inode, LREG_TYPE, Math.addExact(LREG_INODE_SIZE, 4 * blocks.length));
      long sparse = data.sparse != 0 && data.sparse >= size ? size - 1 : data.sparse;
      b.putLong(data.start)
          .putLong(size)
          .putLong(sparse)
          .putInt(inode.nlink)
          .putInt(fragment)
          .putInt(data.fragmentOffset)
          .putInt(inode.xattrIndex);
    } else {
      b = header(inode, FILE_TYPE, Math.addExact(REG_INODE_SIZE, 4 * blocks.length));
      b.putInt((int) data.start).putInt(fragment).putInt(data.fragmentOffset).putInt((int) size);
    }
    for (int s : blocks) {
      b.putInt(s);
    }
    return b.flip();
  }

  /**
   * @param inode a directory's inode
   * @param parentNumber the parent's inode number (for the root: inodes + 1)
   * @param listingRef where its listing starts in the directory table
   * @param listingSize the listing's length in bytes
   * @param index the listing's index entries
   * @param indexBlocks for each index entry, the directory-table block holding it
   * @param extended whether to use the extended form
   * @return the encoded inode, flipped
   */
  static ByteBuffer directory(
      PlannedInode inode,
      long parentNumber,
      long listingRef,
      int listingSize,
      List<DirectoryListing.Index> index,
      long[] indexBlocks,
      boolean extended) {
    long fileSize = (long) listingSize + DIR_SIZE_EXTRA;
    int startBlock = (int) (listingRef >>> 16);
    short offset = (short) (listingRef & 0xFFFF);
    if (!extended) {
      ByteBuffer b = header(inode, DIR_TYPE, DIR_INODE_SIZE);
      b.putInt(startBlock)
          .putInt(inode.nlink)
          .putShort((short) fileSize)
          .putShort(offset)
          .putInt((int) parentNumber);
      return b.flip();
    }
    int size = LDIR_INODE_SIZE;
    for (DirectoryListing.Index i : index) {
      size = Math.addExact(size, DIR_INDEX_SIZE + i.name().length);
    }
    ByteBuffer b = header(inode, LDIR_TYPE, size);
    b.putInt(inode.nlink)
        .putInt((int) fileSize)
        .putInt(startBlock)
        .putInt((int) parentNumber)
        .putShort((short) index.size())
        .putShort(offset)
        .putInt(inode.xattrIndex);
    for (int k = 0; k < index.size(); k++) {
      DirectoryListing.Index i = index.get(k);
      b.putInt(i.offset()).putInt((int) indexBlocks[k]).putInt(i.name().length - 1).put(i.name());
    }
    return b.flip();
  }

  /**
   * @param inode a symlink's inode
   * @return the encoded inode, flipped
   */
  static ByteBuffer symlink(PlannedInode inode) {
    byte[] target = ((Symlink) inode.node).target();
    boolean extended = inode.hasXattrs();
    int size = SYMLINK_INODE_SIZE + target.length + (extended ? 4 : 0);
    ByteBuffer b = header(inode, extended ? LSYMLINK_TYPE : SYMLINK_TYPE, size);
    b.putInt(inode.nlink).putInt(target.length).put(target);
    if (extended) {
      b.putInt(inode.xattrIndex);
    }
    return b.flip();
  }

  /**
   * @param inode a device's, FIFO's or socket's inode
   * @return the encoded inode, flipped
   */
  static ByteBuffer special(PlannedInode inode) {
    SpecialFile s = (SpecialFile) inode.node;
    boolean extended = inode.hasXattrs();
    int type = inode.basicType + (extended ? EXTENDED_TYPE_DELTA : 0);
    boolean device = s.type().isDevice();
    int size = device ? DEV_INODE_SIZE : IPC_INODE_SIZE;
    ByteBuffer b = header(inode, type, size + (extended ? 4 : 0));
    b.putInt(inode.nlink);
    if (device) {
      b.putInt(encodeDevice(s.major(), s.minor()));
    }
    if (extended) {
      b.putInt(inode.xattrIndex);
    }
    return b.flip();
  }

  /** The kernel's new_encode_dev: minor's low byte, major, then minor's upper 12 bits. */
  static int encodeDevice(int major, int minor) {
    return (major << 8) | (minor & 0xFF) | ((minor & ~0xFF) << 12);
  }

  /**
   * @param inode a directory's inode
   * @return whether mksquashfs would give it the extended form
   */
  static boolean extendedDirectory(PlannedInode inode) {
    if (inode.hasXattrs() || inode.children.size() >= DIR_COUNT + 1) {
      return true;
    }
    long names = 0;
    for (PlannedInode.Child c : inode.children) {
      names += c.name().length() + DIR_ENTRY_SIZE;
    }
    return names >= METADATA_SIZE;
  }
}
