package dev.mkddi.ext4;

/**
 * On-disk layout of ext4 as this package writes it: 4096-byte blocks, 256-byte inodes, 64-byte
 * group descriptors, metadata checksums. Field offsets are chained where the structure is read
 * sequentially; the names follow the kernel's {@code fs/ext4/ext4.h} so they can be looked up.
 */
final class Ext4Constants {
  private Ext4Constants() {}

  // geometry
  static final int BLOCK_SIZE = 4096;
  static final int LOG_BLOCK_SIZE = 2; // 1024 << 2
  static final int INODE_SIZE = 256;
  static final int INODES_PER_BLOCK = BLOCK_SIZE / INODE_SIZE;
  static final int DESC_SIZE = 64;
  static final int DESCS_PER_BLOCK = BLOCK_SIZE / DESC_SIZE;
  static final int MAX_BLOCKS_PER_GROUP = BLOCK_SIZE * 8;
  static final int MAX_INODES_PER_GROUP = BLOCK_SIZE * 8;
  static final int LOG_GROUPS_PER_FLEX = 4;
  static final int GROUPS_PER_FLEX = 1 << LOG_GROUPS_PER_FLEX;
  static final int ADDR_PER_BLOCK = BLOCK_SIZE / 4;
  static final int SUPERBLOCK_OFFSET = 1024;
  static final int SUPERBLOCK_SIZE = 1024;

  // reserved inodes
  static final int BAD_INO = 1;
  static final int ROOT_INO = 2;
  static final int RESIZE_INO = 7;
  static final int JOURNAL_INO = 8;
  static final int FIRST_INO = 11;
  static final int LOST_AND_FOUND_INO = FIRST_INO;

  // superblock fields (struct ext4_super_block)
  static final short EXT4_MAGIC = (short) 0xEF53;
  static final int S_INODES_COUNT = 0x00;
  static final int S_BLOCKS_COUNT_LO = 0x04;
  static final int S_R_BLOCKS_COUNT_LO = 0x08;
  static final int S_FREE_BLOCKS_COUNT_LO = 0x0C;
  static final int S_FREE_INODES_COUNT = 0x10;
  static final int S_FIRST_DATA_BLOCK = 0x14;
  static final int S_LOG_BLOCK_SIZE = 0x18;
  static final int S_LOG_CLUSTER_SIZE = 0x1C;
  static final int S_BLOCKS_PER_GROUP = 0x20;
  static final int S_CLUSTERS_PER_GROUP = 0x24;
  static final int S_INODES_PER_GROUP = 0x28;
  static final int S_MTIME = 0x2C;
  static final int S_WTIME = 0x30;
  static final int S_MNT_COUNT = 0x34;
  static final int S_MAX_MNT_COUNT = 0x36;
  static final int S_MAGIC = 0x38;
  static final int S_STATE = 0x3A;
  static final int S_ERRORS = 0x3C;
  static final int S_MINOR_REV_LEVEL = 0x3E;
  static final int S_LASTCHECK = 0x40;
  static final int S_CHECKINTERVAL = 0x44;
  static final int S_CREATOR_OS = 0x48;
  static final int S_REV_LEVEL = 0x4C;
  static final int S_DEF_RESUID = 0x50;
  static final int S_FIRST_INO = 0x54;
  static final int S_INODE_SIZE = 0x58;
  static final int S_BLOCK_GROUP_NR = 0x5A;
  static final int S_FEATURE_COMPAT = 0x5C;
  static final int S_FEATURE_INCOMPAT = 0x60;
  static final int S_FEATURE_RO_COMPAT = 0x64;
  static final int S_UUID = 0x68;
  static final int S_VOLUME_NAME = 0x78;
  static final int S_VOLUME_NAME_LEN = 16;
  static final int S_RESERVED_GDT_BLOCKS = 0xCE;
  static final int S_JOURNAL_INUM = 0xE0;
  static final int S_HASH_SEED = 0xEC;
  static final int S_DEF_HASH_VERSION = 0xFC;
  static final int S_JNL_BACKUP_TYPE = 0xFD;
  static final int S_DESC_SIZE = 0xFE;
  static final int S_DEFAULT_MOUNT_OPTS = 0x100;
  static final int S_MKFS_TIME = 0x108;
  static final int S_JNL_BLOCKS = 0x10C;
  static final int S_JNL_BLOCKS_COUNT = 17;
  static final int S_BLOCKS_COUNT_HI = 0x150;
  static final int S_R_BLOCKS_COUNT_HI = 0x154;
  static final int S_FREE_BLOCKS_HI = 0x158;
  static final int S_MIN_EXTRA_ISIZE = 0x15C;
  static final int S_WANT_EXTRA_ISIZE = 0x15E;
  static final int S_FLAGS = 0x160;
  static final int S_LOG_GROUPS_PER_FLEX = 0x174;
  static final int S_CHECKSUM_TYPE = 0x175;
  static final int S_WTIME_HI = 0x274;
  static final int S_MKFS_TIME_HI = 0x276;
  static final int S_LASTCHECK_HI = 0x277;
  static final int S_CHECKSUM = 0x3FC;

  static final int STATE_VALID = 1;
  static final int ERRORS_CONTINUE = 1;
  static final int REV_DYNAMIC = 1;
  static final int DEFM_XATTR_USER = 0x0004;
  static final int DEFM_ACL = 0x0008;
  static final int FLAGS_SIGNED_HASH = 0x0001;
  static final int FLAGS_UNSIGNED_HASH = 0x0002;
  static final int HASH_HALF_MD4 = 1;
  static final int JNL_BACKUP_BLOCKS = 1;
  static final int CHECKSUM_CRC32C = 1;

  // features
  static final int COMPAT_HAS_JOURNAL = 0x0004;
  static final int COMPAT_EXT_ATTR = 0x0008;
  static final int COMPAT_RESIZE_INODE = 0x0010;
  static final int COMPAT_DIR_INDEX = 0x0020;
  static final int INCOMPAT_FILETYPE = 0x0002;
  static final int INCOMPAT_RECOVER = 0x0004;
  static final int INCOMPAT_EXTENTS = 0x0040;
  static final int INCOMPAT_64BIT = 0x0080;
  static final int INCOMPAT_FLEX_BG = 0x0200;
  static final int RO_COMPAT_SPARSE_SUPER = 0x0001;
  static final int RO_COMPAT_LARGE_FILE = 0x0002;
  static final int RO_COMPAT_HUGE_FILE = 0x0008;
  static final int RO_COMPAT_DIR_NLINK = 0x0020;
  static final int RO_COMPAT_EXTRA_ISIZE = 0x0040;
  static final int RO_COMPAT_METADATA_CSUM = 0x0400;
  static final int RO_COMPAT_READONLY = 0x1000;

  // group descriptor fields (struct ext4_group_desc, 64 bytes)
  static final int BG_BLOCK_BITMAP_LO = 0x00;
  static final int BG_INODE_BITMAP_LO = 0x04;
  static final int BG_INODE_TABLE_LO = 0x08;
  static final int BG_FREE_BLOCKS_COUNT_LO = 0x0C;
  static final int BG_FREE_INODES_COUNT_LO = 0x0E;
  static final int BG_USED_DIRS_COUNT_LO = 0x10;
  static final int BG_FLAGS = 0x12;
  static final int BG_BLOCK_BITMAP_CSUM_LO = 0x18;
  static final int BG_INODE_BITMAP_CSUM_LO = 0x1A;
  static final int BG_ITABLE_UNUSED_LO = 0x1C;
  static final int BG_CHECKSUM = 0x1E;
  static final int BG_BLOCK_BITMAP_HI = 0x20;
  static final int BG_INODE_BITMAP_HI = 0x24;
  static final int BG_INODE_TABLE_HI = 0x28;
  static final int BG_FREE_BLOCKS_COUNT_HI = 0x2C;
  static final int BG_FREE_INODES_COUNT_HI = 0x2E;
  static final int BG_USED_DIRS_COUNT_HI = 0x30;
  static final int BG_ITABLE_UNUSED_HI = 0x32;
  static final int BG_BLOCK_BITMAP_CSUM_HI = 0x38;
  static final int BG_INODE_BITMAP_CSUM_HI = 0x3A;
  static final int BG_INODE_UNINIT = 0x0001;
  static final int BG_INODE_ZEROED = 0x0004;

  // inode fields (struct ext4_inode)
  static final int I_MODE = 0x00;
  static final int I_UID = 0x02;
  static final int I_SIZE_LO = 0x04;
  static final int I_ATIME = 0x08;
  static final int I_CTIME = 0x0C;
  static final int I_MTIME = 0x10;
  static final int I_DTIME = 0x14;
  static final int I_GID = 0x18;
  static final int I_LINKS_COUNT = 0x1A;
  static final int I_BLOCKS_LO = 0x1C;
  static final int I_FLAGS = 0x20;
  static final int I_BLOCK = 0x28;
  static final int I_BLOCK_LEN = 60;
  static final int I_GENERATION = 0x64;
  static final int I_FILE_ACL_LO = 0x68;
  static final int I_SIZE_HIGH = 0x6C;
  static final int I_BLOCKS_HIGH = 0x74;
  static final int I_FILE_ACL_HIGH = 0x76;
  static final int I_UID_HIGH = 0x78;
  static final int I_GID_HIGH = 0x7A;
  static final int I_CHECKSUM_LO = 0x7C;
  static final int I_EXTRA_ISIZE = 0x80;
  static final int I_CHECKSUM_HI = 0x82;
  static final int I_CTIME_EXTRA = 0x84;
  static final int I_MTIME_EXTRA = 0x88;
  static final int I_ATIME_EXTRA = 0x8C;
  static final int I_CRTIME = 0x90;
  static final int I_CRTIME_EXTRA = 0x94;
  static final int GOOD_OLD_INODE_SIZE = 128;
  static final int EXTRA_ISIZE = 32;
  static final int IBODY_XATTR_OFFSET = GOOD_OLD_INODE_SIZE + EXTRA_ISIZE;

  static final int EXT4_INDEX_FL = 0x1000;
  static final int EXT4_EXTENTS_FL = 0x80000;
  static final int LINK_MAX = 65000;
  static final int DIND_BLOCK = 13;

  // extents (struct ext4_extent_header / ext4_extent / ext4_extent_idx)
  static final short EXTENT_MAGIC = (short) 0xF30A;
  static final int EXTENT_HEADER_SIZE = 12;
  static final int EXTENT_ENTRY_SIZE = 12;
  static final int EXTENTS_IN_INODE = (I_BLOCK_LEN - EXTENT_HEADER_SIZE) / EXTENT_ENTRY_SIZE;
  static final int EXTENTS_PER_BLOCK = (BLOCK_SIZE - EXTENT_HEADER_SIZE) / EXTENT_ENTRY_SIZE;
  static final int EXTENT_TAIL_OFFSET = EXTENT_HEADER_SIZE + EXTENTS_PER_BLOCK * EXTENT_ENTRY_SIZE;
  static final int MAX_EXTENT_LENGTH = 32768;

  // directories (struct ext4_dir_entry_2, ext4_dir_entry_tail, dx_root, dx_node)
  static final int DIRENT_HEADER = 8;
  static final int DIR_TAIL_SIZE = 12;
  static final int DIR_TAIL_FT = 0xDE;
  static final int DIR_LEAF_SPACE = BLOCK_SIZE - DIR_TAIL_SIZE;
  static final int DX_TAIL_SIZE = 8;
  static final int DX_ENTRY_SIZE = 8;
  static final int DX_ROOT_INFO_OFFSET = 24;
  static final int DX_ROOT_INFO_LENGTH = 8;
  static final int DX_ROOT_ENTRIES = DX_ROOT_INFO_OFFSET + DX_ROOT_INFO_LENGTH;
  static final int DX_NODE_ENTRIES = DIRENT_HEADER;
  static final int DX_ROOT_LIMIT = (BLOCK_SIZE - DX_ROOT_ENTRIES - DX_TAIL_SIZE) / DX_ENTRY_SIZE;
  static final int DX_NODE_LIMIT = (BLOCK_SIZE - DX_NODE_ENTRIES - DX_TAIL_SIZE) / DX_ENTRY_SIZE;

  // extended attributes (struct ext4_xattr_header / ext4_xattr_entry)
  static final int XATTR_MAGIC = 0xEA020000;
  static final int XATTR_HEADER_SIZE = 32;
  static final int XATTR_H_REFCOUNT = 4;
  static final int XATTR_H_BLOCKS = 8;
  static final int XATTR_H_HASH = 12;
  static final int XATTR_H_CHECKSUM = 16;
  static final int XATTR_ENTRY_SIZE = 16;
  static final int XATTR_REFCOUNT_MAX = 1024;
  static final int IBODY_XATTR_SPACE = INODE_SIZE - IBODY_XATTR_OFFSET;

  // jbd2 (big-endian)
  static final int JBD2_MAGIC = 0xC03B3998;
  static final int JBD2_SUPERBLOCK_V2 = 4;
  static final int JBD2_MIN_JOURNAL_BLOCKS = 1024;
}
