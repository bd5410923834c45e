package dev.mkddi.fat;

import static dev.mkddi.fat.FatConstants.ATTR_ARCHIVE;
import static dev.mkddi.fat.FatConstants.ATTR_DIRECTORY;
import static dev.mkddi.fat.FatConstants.ATTR_LONG_NAME;
import static dev.mkddi.fat.FatConstants.ATTR_VOLUME;
import static dev.mkddi.fat.FatConstants.DE_ADATE;
import static dev.mkddi.fat.FatConstants.DE_ATTR;
import static dev.mkddi.fat.FatConstants.DE_CDATE;
import static dev.mkddi.fat.FatConstants.DE_CLUSTER_HI;
import static dev.mkddi.fat.FatConstants.DE_CLUSTER_LO;
import static dev.mkddi.fat.FatConstants.DE_CTIME;
import static dev.mkddi.fat.FatConstants.DE_CTIME_CS;
import static dev.mkddi.fat.FatConstants.DE_MDATE;
import static dev.mkddi.fat.FatConstants.DE_MTIME;
import static dev.mkddi.fat.FatConstants.DE_NAME;
import static dev.mkddi.fat.FatConstants.DE_SIZE;
import static dev.mkddi.fat.FatConstants.DIR_ENTRY_SIZE;
import static dev.mkddi.fat.FatConstants.LFN_ATTR;
import static dev.mkddi.fat.FatConstants.LFN_CHARS;
import static dev.mkddi.fat.FatConstants.LFN_CHECKSUM;
import static dev.mkddi.fat.FatConstants.LFN_LAST;
import static dev.mkddi.fat.FatConstants.LFN_NAME1;
import static dev.mkddi.fat.FatConstants.LFN_NAME1_CHARS;
import static dev.mkddi.fat.FatConstants.LFN_NAME2;
import static dev.mkddi.fat.FatConstants.LFN_NAME2_CHARS;
import static dev.mkddi.fat.FatConstants.LFN_NAME3;
import static dev.mkddi.fat.FatConstants.LFN_ORD;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Encodes the entries of one directory (dot entries, label, long names, short entries). */
final class DirectoryEncoder {
  private static final byte[] DOT = ".          ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DOTDOT = "..         ".getBytes(StandardCharsets.US_ASCII);
  private static final int DELETED = 0xE5;
  private static final int DELETED_ESCAPE = 0x05;

  private DirectoryEncoder() {}

  /**
   * @param dir the directory
   * @param parent its parent, or null for the root
   * @param layout cluster allocation
   * @param time timestamp of every entry
   * @param label the 11 label bytes for the root's volume-label entry, or null for none
   * @param length the size of the returned buffer (whole clusters or the FAT12/16 root region)
   * @return the encoded directory, zero-padded to {@code length}
   */
  static ByteBuffer encode(
      FatTree.Node dir,
      FatTree.@Nullable Node parent,
      FatLayout layout,
      FatTime time,
      byte @Nullable [] label,
      int length) {
    ByteBuffer b = LittleEndian.allocate(length);
    if (parent == null) {
      if (label != null) {
        byte[] name = label.clone();
        if ((name[0] & 0xFF) == DELETED) {
          name[0] = DELETED_ESCAPE;
        }
        shortEntry(b, name, ATTR_VOLUME, 0, 0, time);
      }
    } else {
      shortEntry(b, DOT, ATTR_DIRECTORY, layout.firstCluster(dir), 0, time);
      long up = parent.name.isEmpty() ? 0 : layout.firstCluster(parent);
      shortEntry(b, DOTDOT, ATTR_DIRECTORY, up, 0, time);
    }
    for (FatTree.Node n : dir.children.values()) {
      byte[] shortName = Objects.requireNonNull(n.shortName, "short name not assigned");
      if (n.longName) {
        longNameEntries(b, n.name, checksum(shortName));
      }
      int attr = n.directory ? ATTR_DIRECTORY : ATTR_ARCHIVE;
      shortEntry(b, shortName, attr, layout.firstCluster(n), n.directory ? 0 : n.size, time);
    }
    return b.clear();
  }

  private static void shortEntry(
      ByteBuffer b, byte[] name, int attr, long cluster, long size, FatTime t) {
    int p = b.position();
    b.put(p + DE_NAME, name);
    b.put(p + DE_ATTR, (byte) attr);
    b.put(p + DE_CTIME_CS, (byte) (attr == ATTR_VOLUME ? 0 : t.centiseconds()));
    b.putShort(p + DE_CTIME, (short) t.time());
    b.putShort(p + DE_CDATE, (short) t.date());
    b.putShort(p + DE_ADATE, (short) t.date());
    b.putShort(p + DE_CLUSTER_HI, (short) (cluster >>> 16));
    b.putShort(p + DE_MTIME, (short) t.time());
    b.putShort(p + DE_MDATE, (short) t.date());
    b.putShort(p + DE_CLUSTER_LO, (short) cluster);
    b.putInt(p + DE_SIZE, (int) size);
    b.position(p + DIR_ENTRY_SIZE);
  }

  private static void longNameEntries(ByteBuffer b, String name, int checksum) {
    int slots = (name.length() + LFN_CHARS - 1) / LFN_CHARS;
    for (int slot = slots; slot >= 1; slot--) {
      int p = b.position();
      b.put(p + LFN_ORD, (byte) (slot | (slot == slots ? LFN_LAST : 0)));
      b.put(p + LFN_ATTR, (byte) ATTR_LONG_NAME);
      b.put(p + LFN_CHECKSUM, (byte) checksum);
      int first = (slot - 1) * LFN_CHARS;
      for (int i = 0; i < LFN_CHARS; i++) {
        int off =
            i < LFN_NAME1_CHARS
                ? LFN_NAME1 + 2 * i
                : i < LFN_NAME1_CHARS + LFN_NAME2_CHARS
                    ? LFN_NAME2 + 2 * (i - LFN_NAME1_CHARS)
                    : LFN_NAME3 + 2 * (i - LFN_NAME1_CHARS - LFN_NAME2_CHARS);
        int idx = first + i;
        char c = idx < name.length() ? name.charAt(idx) : idx == name.length() ? 0 : (char) 0xFFFF;
        b.putChar(p + off, c);
      }
      b.position(p + DIR_ENTRY_SIZE);
    }
  }

  /**
   * @param shortName the 11 bytes of a short name
   * @return the checksum long-name entries carry to tie them to that short name
   */
  static int checksum(byte[] shortName) {
    int sum = 0;
    for (byte x : shortName) {
      sum = (((sum & 1) << 7) + (sum >> 1) + (x & 0xFF)) & 0xFF;
    }
    return sum;
  }
}
