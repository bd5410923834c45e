package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;

/**
 * The 96-byte SquashFS 4.0 superblock at the start of the image. Table positions are byte offsets
 * from the start of the image; {@link SquashfsConstants#INVALID_BLOCK} marks an absent table.
 * Immutable.
 *
 * @param inodes number of inodes
 * @param mkfsTime creation time, seconds since the epoch (unsigned 32 bits)
 * @param blockSize data block size, a power of two from 4 KiB to 1 MiB
 * @param fragments number of fragment blocks
 * @param compression the compressor's id ({@link SquashfsCompressor#id()})
 * @param flags the superblock flags ({@code FLAG_*})
 * @param ids number of entries of the uid/gid table
 * @param rootInode reference of the root directory's inode: block offset in the inode table {@code
 *     << 16} plus offset in the block
 * @param bytesUsed bytes of the file system (without the padding to 4 KiB)
 * @param idTable position of the id table's index
 * @param xattrIdTable position of the xattr id table's header, or {@link
 *     SquashfsConstants#INVALID_BLOCK}
 * @param inodeTable position of the inode table
 * @param directoryTable position of the directory table
 * @param fragmentTable position of the fragment table's index
 * @param lookupTable position of the export table's index, or {@link
 *     SquashfsConstants#INVALID_BLOCK}
 */
public record Superblock(
    long inodes,
    long mkfsTime,
    int blockSize,
    long fragments,
    int compression,
    int flags,
    int ids,
    long rootInode,
    long bytesUsed,
    long idTable,
    long xattrIdTable,
    long inodeTable,
    long directoryTable,
    long fragmentTable,
    long lookupTable) {

  /**
   * @return log2 of {@link #blockSize()}
   */
  public int blockLog() {
    return Integer.numberOfTrailingZeros(blockSize);
  }

  /**
   * @param flag one of the {@code FLAG_*} masks
   * @return whether the flag is set
   */
  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * Writes the 96 bytes at the buffer's position, advancing it.
   *
   * @param b a little-endian buffer with at least {@link SquashfsConstants#SUPERBLOCK_SIZE} bytes
   *     remaining
   */
  void encode(ByteBuffer b) {
    int at = b.position();
    b.putInt(at + SB_MAGIC, SQUASHFS_MAGIC)
        .putInt(at + SB_INODES, (int) inodes)
        .putInt(at + SB_MKFS_TIME, (int) mkfsTime)
        .putInt(at + SB_BLOCK_SIZE, blockSize)
        .putInt(at + SB_FRAGMENTS, (int) fragments)
        .putShort(at + SB_COMPRESSION, (short) compression)
        .putShort(at + SB_BLOCK_LOG, (short) blockLog())
        .putShort(at + SB_FLAGS, (short) flags)
        .putShort(at + SB_NO_IDS, (short) ids)
        .putShort(at + SB_MAJOR, (short) SQUASHFS_MAJOR)
        .putShort(at + SB_MINOR, (short) SQUASHFS_MINOR)
        .putLong(at + SB_ROOT_INODE, rootInode)
        .putLong(at + SB_BYTES_USED, bytesUsed)
        .putLong(at + SB_ID_TABLE, idTable)
        .putLong(at + SB_XATTR_ID_TABLE, xattrIdTable)
        .putLong(at + SB_INODE_TABLE, inodeTable)
        .putLong(at + SB_DIRECTORY_TABLE, directoryTable)
        .putLong(at + SB_FRAGMENT_TABLE, fragmentTable)
        .putLong(at + SB_LOOKUP_TABLE, lookupTable);
    b.position(at + SUPERBLOCK_SIZE);
  }

  /**
   * @return the 96 encoded bytes
   */
  byte[] toBytes() {
    ByteBuffer b = LittleEndian.allocate(SUPERBLOCK_SIZE);
    encode(b);
    return b.array();
  }

  /**
   * Reads and checks a superblock.
   *
   * @param b a little-endian buffer positioned at the superblock
   * @param file the image, for messages
   * @return the superblock
   * @throws FormatException when the magic, version, block size or a table position is wrong
   */
  static Superblock decode(ByteBuffer b, String file) throws FormatException {
    int at = b.position();
    int magic = b.getInt(at + SB_MAGIC);
    if (magic != SQUASHFS_MAGIC) {
      throw new FormatException(
          file,
          SB_MAGIC,
          "squashfs magic",
          String.format("expected 0x%08x (hsqs), got 0x%08x", SQUASHFS_MAGIC, magic));
    }
    int major = Short.toUnsignedInt(b.getShort(at + SB_MAJOR));
    int minor = Short.toUnsignedInt(b.getShort(at + SB_MINOR));
    if (major != SQUASHFS_MAJOR || minor != SQUASHFS_MINOR) {
      throw new FormatException(
          file, SB_MAJOR, "squashfs version", "expected 4.0, got " + major + "." + minor);
    }
    int blockSize = b.getInt(at + SB_BLOCK_SIZE);
    int blockLog = Short.toUnsignedInt(b.getShort(at + SB_BLOCK_LOG));
    if (blockSize < MIN_BLOCK_SIZE
        || blockSize > MAX_BLOCK_SIZE
        || Integer.bitCount(blockSize) != 1
        || blockLog != Integer.numberOfTrailingZeros(blockSize)) {
      throw new FormatException(
          file,
          SB_BLOCK_SIZE,
          "block size",
          "expected a power of two from 4096 to 1048576 with its log2, got "
              + blockSize
              + " and log "
              + blockLog);
    }
    Superblock sb =
        new Superblock(
            LittleEndian.unsigned(b.getInt(at + SB_INODES)),
            LittleEndian.unsigned(b.getInt(at + SB_MKFS_TIME)),
            blockSize,
            LittleEndian.unsigned(b.getInt(at + SB_FRAGMENTS)),
            Short.toUnsignedInt(b.getShort(at + SB_COMPRESSION)),
            Short.toUnsignedInt(b.getShort(at + SB_FLAGS)),
            Short.toUnsignedInt(b.getShort(at + SB_NO_IDS)),
            b.getLong(at + SB_ROOT_INODE),
            b.getLong(at + SB_BYTES_USED),
            b.getLong(at + SB_ID_TABLE),
            b.getLong(at + SB_XATTR_ID_TABLE),
            b.getLong(at + SB_INODE_TABLE),
            b.getLong(at + SB_DIRECTORY_TABLE),
            b.getLong(at + SB_FRAGMENT_TABLE),
            b.getLong(at + SB_LOOKUP_TABLE));
    checkPosition(file, SB_BYTES_USED, "bytes_used", sb.bytesUsed, SUPERBLOCK_SIZE, Long.MAX_VALUE);
    checkPosition(file, SB_INODE_TABLE, "inode_table_start", sb.inodeTable, sb.bytesUsed);
    checkPosition(
        file, SB_DIRECTORY_TABLE, "directory_table_start", sb.directoryTable, sb.bytesUsed);
    checkPosition(file, SB_ID_TABLE, "id_table_start", sb.idTable, sb.bytesUsed);
    if (sb.inodeTable >= sb.directoryTable) {
      throw new FormatException(
          file,
          SB_INODE_TABLE,
          "inode_table_start",
          "expected below directory_table_start " + sb.directoryTable + ", got " + sb.inodeTable);
    }
    return sb;
  }

  private static void checkPosition(String file, int field, String name, long value, long end)
      throws FormatException {
    checkPosition(file, field, name, value, SUPERBLOCK_SIZE, end);
  }

  private static void checkPosition(
      String file, int field, String name, long value, long min, long end) throws FormatException {
    if (value < min || value > end) {
      throw new FormatException(
          file, field, name, "expected " + min + " to " + end + ", got " + value);
    }
  }
}
