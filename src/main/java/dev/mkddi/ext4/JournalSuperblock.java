package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The superblock of an empty internal jbd2 journal, as mke2fs writes it: version 2, no features,
 * log starting at block 1, sequence 1, start 0 (nothing to replay), one user. All fields are
 * big-endian. Immutable.
 *
 * @param maxlen blocks in the journal
 * @param uuid the file system UUID, which an internal journal carries too
 * @param sequence the first transaction ID expected
 * @param start the block the log starts at, 0 when the journal is clean
 */
record JournalSuperblock(int maxlen, UUID uuid, int sequence, int start) {
  private static final int S_BLOCKTYPE = 0x04;
  private static final int S_BLOCKSIZE = 0x0C;
  private static final int S_MAXLEN = 0x10;
  private static final int S_FIRST = 0x14;
  private static final int S_SEQUENCE = 0x18;
  private static final int S_START = 0x1C;
  private static final int S_UUID = 0x30;
  private static final int S_NR_USERS = 0x40;

  /**
   * @param blocks the journal's size in blocks
   * @param uuid the file system UUID
   * @return the superblock of an empty journal
   */
  static JournalSuperblock empty(int blocks, UUID uuid) {
    return new JournalSuperblock(blocks, uuid, 1, 0);
  }

  /**
   * @return the journal's first block
   */
  ByteBuffer encode() {
    ByteBuffer b = ByteBuffer.allocate(BLOCK_SIZE).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0, JBD2_MAGIC)
        .putInt(S_BLOCKTYPE, JBD2_SUPERBLOCK_V2)
        .putInt(S_BLOCKSIZE, BLOCK_SIZE)
        .putInt(S_MAXLEN, maxlen)
        .putInt(S_FIRST, 1)
        .putInt(S_SEQUENCE, sequence)
        .putInt(S_START, start)
        .putLong(S_UUID, uuid.getMostSignificantBits())
        .putLong(S_UUID + 8, uuid.getLeastSignificantBits())
        .putInt(S_NR_USERS, 1);
    return b;
  }

  /**
   * @param b the journal's first block
   * @param file the image, for messages
   * @param offset where the block is in it
   * @return the superblock
   * @throws FormatException when it is not a jbd2 v2 superblock of 4096-byte blocks
   */
  static JournalSuperblock decode(ByteBuffer b, String file, long offset) throws FormatException {
    ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    if (be.getInt(0) != JBD2_MAGIC || be.getInt(S_BLOCKTYPE) != JBD2_SUPERBLOCK_V2) {
      throw new FormatException(
          file, offset, "journal superblock", "not a jbd2 version 2 superblock");
    }
    if (be.getInt(S_BLOCKSIZE) != BLOCK_SIZE) {
      throw new FormatException(file, offset + S_BLOCKSIZE, "journal block size", "expected 4096");
    }
    return new JournalSuperblock(
        be.getInt(S_MAXLEN),
        new UUID(be.getLong(S_UUID), be.getLong(S_UUID + 8)),
        be.getInt(S_SEQUENCE),
        be.getInt(S_START));
  }
}
