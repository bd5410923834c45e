package dev.mkddi.squashfs;

/**
 * Layout constants of SquashFS 4.0, named after the structures of squashfs-tools' {@code
 * squashfs_fs.h} and the kernel's {@code fs/squashfs/squashfs_fs.h}. Offsets are relative to the
 * start of their structure and chained from the previous field. Everything is little-endian.
 */
final class SquashfsConstants {
  private SquashfsConstants() {}

  /** {@code "hsqs"} read as a little-endian 32-bit number. */
  static final int SQUASHFS_MAGIC = 0x73717368;

  static final int SQUASHFS_MAJOR = 4;
  static final int SQUASHFS_MINOR = 0;

  /** Uncompressed size of a metadata block (inode, directory, tables). */
  static final int METADATA_SIZE = 8192;

  /** Bytes of the length header in front of every metadata block. */
  static final int METADATA_HEADER = 2;

  /** Set in a metadata block's length header when the block is stored uncompressed. */
  static final int METADATA_UNCOMPRESSED = 1 << 15;

  /** Set in a data block's size word when the block is stored uncompressed. */
  static final int DATA_UNCOMPRESSED = 1 << 24;

  /** Smallest and largest data block size (4 KiB .. 1 MiB, powers of two). */
  static final int MIN_BLOCK_SIZE = 4096;

  static final int MAX_BLOCK_SIZE = 1 << 20;

  /** mksquashfs's default data block size. */
  static final int DEFAULT_BLOCK_SIZE = 128 * 1024;

  /** Most entries one directory header may cover. */
  static final int DIR_COUNT = 256;

  /** Most distinct uids and gids (the inode's 16-bit index). */
  static final int MAX_IDS = 65536;

  /** "No fragment" / "no xattrs" in 32-bit fields. */
  static final int INVALID_FRAG = 0xFFFF_FFFF;

  static final int INVALID_XATTR = 0xFFFF_FFFF;

  /** "No such table" in the superblock's 64-bit table pointers. */
  static final long INVALID_BLOCK = -1L;

  /** mksquashfs pads the image to a multiple of this. */
  static final int PAD_SIZE = 4096;

  // ---- superblock (struct squashfs_super_block) ----
  static final int SB_MAGIC = 0;
  static final int SB_INODES = SB_MAGIC + 4;
  static final int SB_MKFS_TIME = SB_INODES + 4;
  static final int SB_BLOCK_SIZE = SB_MKFS_TIME + 4;
  static final int SB_FRAGMENTS = SB_BLOCK_SIZE + 4;
  static final int SB_COMPRESSION = SB_FRAGMENTS + 4;
  static final int SB_BLOCK_LOG = SB_COMPRESSION + 2;
  static final int SB_FLAGS = SB_BLOCK_LOG + 2;
  static final int SB_NO_IDS = SB_FLAGS + 2;
  static final int SB_MAJOR = SB_NO_IDS + 2;
  static final int SB_MINOR = SB_MAJOR + 2;
  static final int SB_ROOT_INODE = SB_MINOR + 2;
  static final int SB_BYTES_USED = SB_ROOT_INODE + 8;
  static final int SB_ID_TABLE = SB_BYTES_USED + 8;
  static final int SB_XATTR_ID_TABLE = SB_ID_TABLE + 8;
  static final int SB_INODE_TABLE = SB_XATTR_ID_TABLE + 8;
  static final int SB_DIRECTORY_TABLE = SB_INODE_TABLE + 8;
  static final int SB_FRAGMENT_TABLE = SB_DIRECTORY_TABLE + 8;
  static final int SB_LOOKUP_TABLE = SB_FRAGMENT_TABLE + 8;
  static final int SUPERBLOCK_SIZE = SB_LOOKUP_TABLE + 8;

  // ---- superblock flags (bit numbers of squashfs_fs.h as masks) ----
  static final int FLAG_NOI = 1;
  static final int FLAG_NOD = 1 << 1;
  static final int FLAG_CHECK = 1 << 2;
  static final int FLAG_NOF = 1 << 3;
  static final int FLAG_NO_FRAG = 1 << 4;
  static final int FLAG_ALWAYS_FRAG = 1 << 5;
  static final int FLAG_DUPLICATE = 1 << 6;
  static final int FLAG_EXPORT = 1 << 7;
  static final int FLAG_NOX = 1 << 8;
  static final int FLAG_NO_XATTR = 1 << 9;
  static final int FLAG_COMP_OPT = 1 << 10;
  static final int FLAG_NOID = 1 << 11;

  // ---- inode types ----
  static final int DIR_TYPE = 1;
  static final int FILE_TYPE = 2;
  static final int SYMLINK_TYPE = 3;
  static final int BLKDEV_TYPE = 4;
  static final int CHRDEV_TYPE = 5;
  static final int FIFO_TYPE = 6;
  static final int SOCKET_TYPE = 7;
  static final int LDIR_TYPE = 8;
  static final int LREG_TYPE = 9;
  static final int LSYMLINK_TYPE = 10;
  static final int LBLKDEV_TYPE = 11;
  static final int LCHRDEV_TYPE = 12;
  static final int LFIFO_TYPE = 13;
  static final int LSOCKET_TYPE = 14;

  /** Extended type = basic type + this. */
  static final int EXTENDED_TYPE_DELTA = 7;

  // ---- struct squashfs_base_inode_header ----
  static final int INODE_TYPE = 0;
  static final int INODE_MODE = INODE_TYPE + 2;
  static final int INODE_UID = INODE_MODE + 2;
  static final int INODE_GID = INODE_UID + 2;
  static final int INODE_MTIME = INODE_GID + 2;
  static final int INODE_NUMBER = INODE_MTIME + 4;
  static final int BASE_INODE_SIZE = INODE_NUMBER + 4;

  /** Bits of the mode squashfs stores: permissions, set-uid, set-gid, sticky. */
  static final int MODE_MASK = 0xFFF;

  /** Fixed parts of each inode kind, after the base header. */
  static final int DIR_INODE_SIZE = BASE_INODE_SIZE + 16;

  static final int LDIR_INODE_SIZE = BASE_INODE_SIZE + 24;
  static final int REG_INODE_SIZE = BASE_INODE_SIZE + 16;
  static final int LREG_INODE_SIZE = BASE_INODE_SIZE + 40;
  static final int SYMLINK_INODE_SIZE = BASE_INODE_SIZE + 8;
  static final int DEV_INODE_SIZE = BASE_INODE_SIZE + 8;
  static final int LDEV_INODE_SIZE = DEV_INODE_SIZE + 4;
  static final int IPC_INODE_SIZE = BASE_INODE_SIZE + 4;
  static final int LIPC_INODE_SIZE = IPC_INODE_SIZE + 4;

  /** struct squashfs_dir_index without its name. */
  static final int DIR_INDEX_SIZE = 12;

  /** struct squashfs_dir_header. */
  static final int DIR_HEADER_SIZE = 12;

  /** struct squashfs_dir_entry without its name. */
  static final int DIR_ENTRY_SIZE = 8;

  /** A directory's file size counts 3 bytes more than its listing (for "." and ".."). */
  static final int DIR_SIZE_EXTRA = 3;

  /** struct squashfs_fragment_entry. */
  static final int FRAGMENT_ENTRY_SIZE = 16;

  /** An id table entry (uid or gid). */
  static final int ID_ENTRY_SIZE = 4;

  /** An export (inode lookup) table entry: an inode reference. */
  static final int LOOKUP_ENTRY_SIZE = 8;

  /** struct squashfs_xattr_id. */
  static final int XATTR_ID_SIZE = 16;

  /** struct squashfs_xattr_table: xattr_table_start, xattr_ids, unused. */
  static final int XATTR_TABLE_HEADER_SIZE = 16;

  /** struct squashfs_xattr_entry: type and name size. */
  static final int XATTR_ENTRY_SIZE = 4;

  /** struct squashfs_xattr_val: the value size. */
  static final int XATTR_VAL_SIZE = 4;

  /** Set in an xattr entry's type when its value is a reference to a value stored elsewhere. */
  static final int XATTR_VALUE_OOL = 256;

  static final int XATTR_PREFIX_MASK = 0xFF;

  /** mksquashfs stores values longer than this out of line (by reference). */
  static final int XATTR_INLINE_MAX = 128;

  /** mksquashfs halves the inline limit until one file's xattr list is at most this long. */
  static final int XATTR_TARGET_MAX = 65536;

  /** Bytes of an out-of-line value reference. */
  static final int XATTR_OOL_SIZE = 8;
}
