package dev.mkddi.erofs;

/**
 * Layout constants of EROFS, named after the fields of {@code fs/erofs/erofs_fs.h}. Offsets are
 * relative to the start of their structure and chained from the previous field.
 */
final class ErofsConstants {
  private ErofsConstants() {}

  /** log2 of the block size. */
  static final int BLOCK_SIZE_BITS = 12;

  /** Block size of mkddi's images (and of directory blocks). */
  static final int BLOCK_SIZE = 1 << BLOCK_SIZE_BITS;

  /** Inode slot size: nid = byte offset / 32. */
  static final int SLOT_SIZE = 32;

  /** log2 of {@link #SLOT_SIZE}. */
  static final int SLOT_BITS = 5;

  // ---- superblock (struct erofs_super_block), at byte 1024 ----
  static final int SUPERBLOCK_OFFSET = 1024;
  static final int SUPERBLOCK_SIZE = 128;
  static final int EROFS_SUPER_MAGIC_V1 = 0xE0F5E1E2;
  static final int EROFS_FEATURE_COMPAT_SB_CHKSUM = 0x1;
  static final int EROFS_FEATURE_COMPAT_MTIME = 0x2;

  static final int SB_MAGIC = 0;
  static final int SB_CHECKSUM = SB_MAGIC + 4;
  static final int SB_FEATURE_COMPAT = SB_CHECKSUM + 4;
  static final int SB_BLKSZBITS = SB_FEATURE_COMPAT + 4;
  static final int SB_EXTSLOTS = SB_BLKSZBITS + 1;
  static final int SB_ROOT_NID = SB_EXTSLOTS + 1;
  static final int SB_INOS = SB_ROOT_NID + 2;
  static final int SB_BUILD_TIME = SB_INOS + 8;
  static final int SB_BUILD_TIME_NSEC = SB_BUILD_TIME + 8;
  static final int SB_BLOCKS = SB_BUILD_TIME_NSEC + 4;
  static final int SB_META_BLKADDR = SB_BLOCKS + 4;
  static final int SB_XATTR_BLKADDR = SB_META_BLKADDR + 4;
  static final int SB_UUID = SB_XATTR_BLKADDR + 4;
  static final int SB_UUID_LEN = 16;
  static final int SB_VOLUME_NAME = SB_UUID + SB_UUID_LEN;
  static final int SB_VOLUME_NAME_LEN = 16;
  static final int SB_FEATURE_INCOMPAT = SB_VOLUME_NAME + SB_VOLUME_NAME_LEN;
  static final int SB_DIRBLKBITS = SB_FEATURE_INCOMPAT + 4 + 2 + 2 + 2;

  /** {@code packed_nid}: after dirblkbits, xattr_prefix_count and xattr_prefix_start. */
  static final int SB_PACKED_NID = SB_DIRBLKBITS + 1 + 1 + 4;

  /** Bytes of block 0 the checksum covers: from the superblock to the end of the block. */
  static final int CHECKSUM_LENGTH = BLOCK_SIZE - SUPERBLOCK_OFFSET;

  /** Largest root nid the 16-bit superblock field holds. */
  static final int MAX_ROOT_NID = 0xFFFF;

  /** Compressed data is right-aligned in its blocks, preceded by zeros (kernel 5.3). */
  static final int EROFS_FEATURE_INCOMPAT_ZERO_PADDING = 0x1;

  /** Compression configurations follow the superblock; pclusters may span blocks (5.13). */
  static final int EROFS_FEATURE_INCOMPAT_COMPR_CFGS = 0x2;

  /** The last pcluster of a file may be stored inline after its indexes (5.17). */
  static final int EROFS_FEATURE_INCOMPAT_ZTAILPACKING = 0x10;

  /** The incompat bits this writer and reader know. */
  /**
   * Tails (or whole files) kept in the packed inode, whose nid the superblock holds (Linux 6.1).
   * The same bit means {@code EROFS_FEATURE_INCOMPAT_DEDUPE}: pclusters shared between extents.
   */
  static final int EROFS_FEATURE_INCOMPAT_FRAGMENTS = 0x20;

  static final int KNOWN_INCOMPAT =
      EROFS_FEATURE_INCOMPAT_ZERO_PADDING
          | EROFS_FEATURE_INCOMPAT_COMPR_CFGS
          | EROFS_FEATURE_INCOMPAT_ZTAILPACKING
          | EROFS_FEATURE_INCOMPAT_FRAGMENTS;

  static final int SB_U1 = SB_FEATURE_INCOMPAT + 4;

  /** Start of the compression configurations: right after the 128-byte superblock. */
  static final int COMPR_CFGS_OFFSET = SUPERBLOCK_OFFSET + SUPERBLOCK_SIZE;

  /** Alignment of each configuration record (le16 size, then the payload). */
  static final int COMPR_CFG_ALIGN = 4;

  static final int Z_EROFS_LZ4_CFGS_SIZE = 14;
  static final int Z_EROFS_LZMA_CFGS_SIZE = 14;
  static final int Z_EROFS_DEFLATE_CFGS_SIZE = 6;
  static final int Z_EROFS_ZSTD_CFGS_SIZE = 6;

  /** The LZ4 window mkfs.erofs records (the kernel's default too). */
  static final int LZ4_MAX_DISTANCE = 65535;

  /** log2 of the smallest zstd window: the configuration stores windowLog minus this. */
  static final int ZSTD_WINDOWLOG_ABSOLUTEMIN = 10;

  /** Window bits of raw DEFLATE (a 32 KiB window). */
  static final int DEFLATE_WINDOW_BITS = 15;

  // ---- inode i_format bits ----
  static final int EROFS_INODE_LAYOUT_COMPACT = 0;
  static final int EROFS_INODE_LAYOUT_EXTENDED = 1;
  static final int EROFS_I_DATALAYOUT_BIT = 1;
  static final int EROFS_INODE_FLAT_PLAIN = 0;
  static final int EROFS_INODE_FLAT_INLINE = 2;
  static final int EROFS_INODE_COMPRESSED_FULL = 1;
  static final int EROFS_INODE_COMPRESSED_COMPACT = 3;

  // ---- compressed files (z_erofs_map_header and the cluster indexes) ----
  /** Largest physical cluster the kernel accepts. */
  static final int Z_EROFS_PCLUSTER_MAX_SIZE = 1 << 20;

  /** The map header is 8-byte aligned after the inode core and xattrs. */
  static final int Z_EROFS_MAP_HEADER_ALIGN = 8;

  static final int Z_EROFS_MAP_HEADER_SIZE = 8;
  static final int MH_IDATA_SIZE = 2;
  static final int MH_ADVISE = MH_IDATA_SIZE + 2;
  static final int MH_ALGORITHMTYPE = MH_ADVISE + 2;
  static final int MH_CLUSTERBITS = MH_ALGORITHMTYPE + 1;

  static final int Z_EROFS_ADVISE_COMPACTED_2B = 0x0001;
  static final int Z_EROFS_ADVISE_BIG_PCLUSTER_1 = 0x0002;
  static final int Z_EROFS_ADVISE_BIG_PCLUSTER_2 = 0x0004;
  static final int Z_EROFS_ADVISE_INLINE_PCLUSTER = 0x0008;

  /**
   * Stored (PLAIN) clusters are rotated by the extent's offset in its logical cluster: its bytes
   * start at that offset in the block and wrap around to the block's start (mkfs.erofs writes them
   * so with fragments).
   */
  static final int Z_EROFS_ADVISE_INTERLACED_PCLUSTER = 0x0010;

  /** The last extent is a fragment: its bytes are in the packed inode at {@code h_fragmentoff}. */
  static final int Z_EROFS_ADVISE_FRAGMENT_PCLUSTER = 0x0020;

  /**
   * Bit of {@code h_clusterbits} saying the whole file is one fragment: the 8-byte map header, read
   * as a le64 without this bit (bit 63), is its offset in the packed inode.
   */
  static final int Z_EROFS_FRAGMENT_INODE_BIT = 7;

  /**
   * Bytes after the xattrs of a whole-file fragment ({@code EROFS_INODE_COMPRESSED_FULL}): the map
   * header and 8 bytes of padding, as mkfs.erofs reserves ({@code Z_EROFS_LEGACY_MAP_HEADER_SIZE}).
   */
  static final int Z_EROFS_FULL_MAP_HEADER_SIZE = 16;

  static final int Z_EROFS_LCLUSTER_TYPE_PLAIN = 0;
  static final int Z_EROFS_LCLUSTER_TYPE_HEAD1 = 1;
  static final int Z_EROFS_LCLUSTER_TYPE_NONHEAD = 2;

  /** On the first non-head lcluster of a big pcluster: the low bits count its blocks. */
  static final int Z_EROFS_LI_D0_CBLKCNT = 1 << 11;

  /** Bits of a compacted index entry below its type (the lcluster offset or a distance). */
  static final int COMPACTED_LO_BITS = 12;

  /** Bytes of a pack of compacted indexes: 2 entries in 4B form, 16 in 2B form. */
  static final int COMPACTED_4B_PACK = 8;

  static final int COMPACTED_2B_PACK = 32;
  static final int COMPACTED_4B_PER_PACK = 2;
  static final int COMPACTED_2B_PER_PACK = 16;

  /** Each pack ends with the 32-bit start block its head entries count from. */
  static final int COMPACTED_PACK_BASE = 4;

  static final int Z_EROFS_COMPRESSION_LZ4 = 0;
  static final int Z_EROFS_COMPRESSION_LZMA = 1;
  static final int Z_EROFS_COMPRESSION_DEFLATE = 2;
  static final int Z_EROFS_COMPRESSION_ZSTD = 3;

  /** The "no block" start address of inline-only data. */
  static final int EROFS_NULL_ADDR = -1;

  // ---- compact inode (struct erofs_inode_compact), 32 bytes ----
  static final int INODE_COMPACT_SIZE = 32;
  static final int IC_FORMAT = 0;
  static final int IC_XATTR_ICOUNT = IC_FORMAT + 2;
  static final int IC_MODE = IC_XATTR_ICOUNT + 2;
  static final int IC_NLINK = IC_MODE + 2;
  static final int IC_SIZE = IC_NLINK + 2;
  static final int IC_MTIME = IC_SIZE + 4;
  static final int IC_U = IC_MTIME + 4;
  static final int IC_INO = IC_U + 4;
  static final int IC_UID = IC_INO + 4;
  static final int IC_GID = IC_UID + 2;

  // ---- extended inode (struct erofs_inode_extended), 64 bytes ----
  static final int INODE_EXTENDED_SIZE = 64;
  static final int IE_FORMAT = 0;
  static final int IE_XATTR_ICOUNT = IE_FORMAT + 2;
  static final int IE_MODE = IE_XATTR_ICOUNT + 2;
  static final int IE_NB = IE_MODE + 2;
  static final int IE_SIZE = IE_NB + 2;
  static final int IE_U = IE_SIZE + 8;
  static final int IE_INO = IE_U + 4;
  static final int IE_UID = IE_INO + 4;
  static final int IE_GID = IE_UID + 4;
  static final int IE_MTIME = IE_GID + 4;
  static final int IE_MTIME_NSEC = IE_MTIME + 8;
  static final int IE_NLINK = IE_MTIME_NSEC + 4;

  // ---- xattrs ----
  /** struct erofs_xattr_ibody_header. */
  static final int XATTR_IBODY_HEADER_SIZE = 12;

  static final int XH_NAME_FILTER = 0;
  static final int XH_SHARED_COUNT = XH_NAME_FILTER + 4;

  /** struct erofs_xattr_entry: e_name_len, e_name_index, e_value_size. */
  static final int XATTR_ENTRY_SIZE = 4;

  static final int XE_NAME_LEN = 0;
  static final int XE_NAME_INDEX = XE_NAME_LEN + 1;
  static final int XE_VALUE_SIZE = XE_NAME_INDEX + 1;
  static final int XATTR_ALIGN = 4;
  static final int EROFS_XATTR_INDEX_USER = 1;
  static final int EROFS_XATTR_INDEX_POSIX_ACL_ACCESS = 2;
  static final int EROFS_XATTR_INDEX_POSIX_ACL_DEFAULT = 3;
  static final int EROFS_XATTR_INDEX_TRUSTED = 4;
  static final int EROFS_XATTR_INDEX_SECURITY = 6;

  // ---- directory entries (struct erofs_dirent), 12 bytes ----
  static final int DIRENT_SIZE = 12;
  static final int DE_NID = 0;
  static final int DE_NAMEOFF = DE_NID + 8;
  static final int DE_FILE_TYPE = DE_NAMEOFF + 2;
  static final int EROFS_NAME_LEN = 255;

  // ---- file types of dirents (generic FT_*) ----
  static final int FT_REG_FILE = 1;
  static final int FT_DIR = 2;
  static final int FT_CHRDEV = 3;
  static final int FT_BLKDEV = 4;
  static final int FT_FIFO = 5;
  static final int FT_SOCK = 6;
  static final int FT_SYMLINK = 7;

  // ---- i_mode file type bits ----
  static final int S_IFMT = 0170000;
  static final int S_IFSOCK = 0140000;
  static final int S_IFLNK = 0120000;
  static final int S_IFREG = 0100000;
  static final int S_IFBLK = 0060000;
  static final int S_IFDIR = 0040000;
  static final int S_IFCHR = 0020000;
  static final int S_IFIFO = 0010000;
}
