package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lays out directory contents: blocks of {@link ErofsConstants#BLOCK_SIZE} bytes, each holding
 * {@code erofs_dirent}s followed by their names back to back; an entry never spans two blocks.
 * Entries are sorted by name as unsigned bytes across all blocks, {@code .} and {@code ..}
 * included. Stateless.
 */
final class DirectoryCodec {
  private DirectoryCodec() {}

  /**
   * One directory entry as stored.
   *
   * @param name the name bytes
   * @param nid the target inode's nid
   * @param fileType an {@code FT_*} value
   */
  record Dirent(byte[] name, long nid, int fileType) {}

  /**
   * @param names the sorted names of all entries, {@code .} and {@code ..} included
   * @return the directory's {@code i_size}: bytes of all full blocks plus the used bytes of the
   *     last one
   */
  static long size(List<byte[]> names) {
    long full = 0;
    int used = 0;
    for (byte[] n : names) {
      int need = DIRENT_SIZE + n.length;
      if (used + need > BLOCK_SIZE) {
        full += BLOCK_SIZE;
        used = 0;
      }
      used += need;
    }
    return full + used;
  }

  /**
   * Encodes the directory blocks one after another into {@code sink}.
   *
   * @param entries the sorted entries
   * @param sink receives each block: a buffer of {@link ErofsConstants#BLOCK_SIZE} bytes whose
   *     limit is the used length (full blocks are padded with zeros)
   * @throws java.io.IOException from the sink
   */
  static void encode(List<Dirent> entries, BlockSink sink) throws java.io.IOException {
    ByteBuffer block = LittleEndian.allocate(BLOCK_SIZE);
    int first = 0;
    while (first < entries.size()) {
      int used = 0;
      int last = first;
      while (last < entries.size()
          && used + DIRENT_SIZE + entries.get(last).name().length <= BLOCK_SIZE) {
        used += DIRENT_SIZE + entries.get(last).name().length;
        last++;
      }
      Arrays.fill(block.array(), (byte) 0);
      int nameOff = (last - first) * DIRENT_SIZE;
      for (int i = first; i < last; i++) {
        Dirent d = entries.get(i);
        int at = (i - first) * DIRENT_SIZE;
        block.putLong(at + DE_NID, d.nid());
        block.putShort(at + DE_NAMEOFF, (short) nameOff);
        block.put(at + DE_FILE_TYPE, (byte) d.fileType());
        block.put(nameOff, d.name());
        nameOff += d.name().length;
      }
      boolean lastBlock = last == entries.size();
      block.position(0).limit(lastBlock ? used : BLOCK_SIZE);
      sink.accept(block, lastBlock);
      first = last;
    }
  }

  /** Receives encoded directory blocks. */
  interface BlockSink {
    /**
     * @param block the block, position 0, limit the bytes to store
     * @param last whether this is the last block
     * @throws java.io.IOException on a write failure
     */
    void accept(ByteBuffer block, boolean last) throws java.io.IOException;
  }

  /**
   * Decodes the entries of one directory block.
   *
   * @param block the block's bytes
   * @param valid how many bytes of it belong to the directory ({@code min(block size, i_size -
   *     block start)})
   * @param file the image, for messages
   * @param offset where the block is in the image
   * @return the entries in stored order
   * @throws FormatException when the block cannot hold a dirent, or a {@code nameoff} is out of
   *     order or out of range
   */
  static List<Dirent> decodeBlock(byte[] block, int valid, String file, long offset)
      throws FormatException {
    if (valid < DIRENT_SIZE || block.length < valid) {
      throw new FormatException(
          file,
          offset,
          "directory block",
          valid + " bytes, too short for one " + DIRENT_SIZE + "-byte dirent");
    }
    ByteBuffer b = LittleEndian.wrap(block);
    int firstOff = Short.toUnsignedInt(b.getShort(DE_NAMEOFF));
    if (firstOff < DIRENT_SIZE || firstOff % DIRENT_SIZE != 0 || firstOff >= valid) {
      throw new FormatException(
          file,
          offset + DE_NAMEOFF,
          "nameoff of the first dirent",
          "expected a multiple of 12 below " + valid + ", got " + firstOff);
    }
    int n = firstOff / DIRENT_SIZE;
    List<Dirent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int at = i * DIRENT_SIZE;
      int start = Short.toUnsignedInt(b.getShort(at + DE_NAMEOFF));
      int end = i + 1 < n ? Short.toUnsignedInt(b.getShort(at + DIRENT_SIZE + DE_NAMEOFF)) : valid;
      if (i + 1 == n) {
        int nul = start;
        while (nul < end && block[nul] != 0) {
          nul++;
        }
        end = nul;
      }
      if (start < firstOff || end <= start || end > valid) {
        throw new FormatException(
            file,
            offset + at + DE_NAMEOFF,
            "dirent " + i + " nameoff",
            "name range " + start + ".." + end + " outside " + firstOff + ".." + valid);
      }
      out.add(
          new Dirent(
              Arrays.copyOfRange(block, start, end),
              b.getLong(at + DE_NID),
              Byte.toUnsignedInt(b.get(at + DE_FILE_TYPE))));
    }
    return out;
  }
}
