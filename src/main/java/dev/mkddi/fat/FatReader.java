package dev.mkddi.fat;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A small reader of FAT12/16/32 file systems inside an image, for {@code verify} to find the PE
 * files on an ESP: directories with long names, files' cluster chains. Only what reading needs;
 * cluster chains are bounded by the cluster count, so a loop in the FAT is an error, not a hang.
 * Immutable and thread-safe when the channel is only read.
 */
public final class FatReader {
  private static final int BPB_BYTES_PER_SECTOR = 11;
  private static final int BPB_SECTORS_PER_CLUSTER = 13;
  private static final int BPB_RESERVED_SECTORS = 14;
  private static final int BPB_FATS = 16;
  private static final int BPB_ROOT_ENTRIES = 17;
  private static final int BPB_TOTAL_SECTORS_16 = 19;
  private static final int BPB_FAT_SIZE_16 = 22;
  private static final int BPB_TOTAL_SECTORS_32 = 32;
  private static final int BPB_FAT_SIZE_32 = 36;
  private static final int BPB_ROOT_CLUSTER = 44;
  private static final int BOOT_SECTOR = 512;
  private static final int ENTRY = 32;
  private static final int ATTR_OFFSET = 11;
  private static final int ATTR_LONG_NAME = 0x0F;
  private static final int ATTR_VOLUME_ID = 0x08;
  private static final int ATTR_DIRECTORY = 0x10;
  private static final int CLUSTER_HI_OFFSET = 20;
  private static final int CLUSTER_LO_OFFSET = 26;
  private static final int SIZE_OFFSET = 28;
  private static final int DELETED = 0xE5;
  private static final int FAT12_MAX_CLUSTERS = 4085;
  private static final int LFN_CHARS = 13;
  private static final int[] LFN_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

  /**
   * One directory entry.
   *
   * @param name the long name, or the 8.3 name
   * @param directory whether it is a directory
   * @param firstCluster its first cluster (0: empty file, or the FAT12/16 root)
   * @param size the file size in bytes
   */
  public record Entry(String name, boolean directory, long firstCluster, long size) {}

  private final FileChannel ch;
  private final long offset;
  private final String name;
  private final int sectorSize;
  private final long clusterSize;
  private final long fatOffset;
  private final long rootDirOffset;
  private final int rootEntries;
  private final long dataOffset;
  private final long clusters;
  private final int fatBits;
  private final long rootCluster;

  private FatReader(FileChannel ch, long offset, String name, ByteBuffer bs)
      throws FormatException {
    this.ch = ch;
    this.offset = offset;
    this.name = name;
    sectorSize = Short.toUnsignedInt(bs.getShort(BPB_BYTES_PER_SECTOR));
    int perCluster = Byte.toUnsignedInt(bs.get(BPB_SECTORS_PER_CLUSTER));
    if (Integer.bitCount(sectorSize) != 1 || sectorSize < BOOT_SECTOR || perCluster == 0) {
      throw new FormatException(
          name, offset, "FAT boot sector", "not a FAT file system (sector or cluster size)");
    }
    clusterSize = (long) sectorSize * perCluster;
    int reserved = Short.toUnsignedInt(bs.getShort(BPB_RESERVED_SECTORS));
    int fats = Byte.toUnsignedInt(bs.get(BPB_FATS));
    rootEntries = Short.toUnsignedInt(bs.getShort(BPB_ROOT_ENTRIES));
    long total = Short.toUnsignedInt(bs.getShort(BPB_TOTAL_SECTORS_16));
    if (total == 0) {
      total = LittleEndian.unsigned(bs.getInt(BPB_TOTAL_SECTORS_32));
    }
    long fatSize = Short.toUnsignedInt(bs.getShort(BPB_FAT_SIZE_16));
    // as Linux: FAT32 when the 16-bit FAT size is 0 (mkfs.fat -F 32 makes small FAT32 too)
    boolean fat32 = fatSize == 0;
    if (fat32) {
      fatSize = LittleEndian.unsigned(bs.getInt(BPB_FAT_SIZE_32));
    }
    long rootSectors = ((long) rootEntries * ENTRY + sectorSize - 1) / sectorSize;
    long firstData = reserved + fats * fatSize + rootSectors;
    if (fats == 0 || fatSize == 0 || firstData >= total) {
      throw new FormatException(
          name, offset, "FAT boot sector", "not a FAT file system (FAT or total size)");
    }
    clusters = (total - firstData) / perCluster;
    fatBits = fat32 ? 32 : clusters < FAT12_MAX_CLUSTERS ? 12 : 16;
    fatOffset = offset + (long) reserved * sectorSize;
    rootDirOffset = fatOffset + fats * fatSize * sectorSize;
    dataOffset = offset + firstData * sectorSize;
    rootCluster = fatBits == 32 ? LittleEndian.unsigned(bs.getInt(BPB_ROOT_CLUSTER)) : 0;
  }

  /**
   * @param ch the image
   * @param offset where the file system starts
   * @param name the image name, for messages
   * @return a reader of the file system
   * @throws FormatException when the boot sector is not a FAT one
   * @throws IOException when reading fails
   */
  public static FatReader open(FileChannel ch, long offset, String name) throws IOException {
    ByteBuffer bs = LittleEndian.allocate(BOOT_SECTOR);
    PositionalIo.readFully(ch, bs, offset);
    return new FatReader(ch, offset, name, bs);
  }

  /**
   * @param path a directory, {@code /}-separated from the root, matched without regard to case
   * @return its entries (not {@code .} and {@code ..}), or empty when there is no such directory
   * @throws IOException when reading fails or the file system is damaged
   */
  public Optional<List<Entry>> list(String path) throws IOException {
    List<Entry> dir = root();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      Optional<Entry> sub =
          dir.stream().filter(e -> e.directory() && e.name().equalsIgnoreCase(part)).findFirst();
      if (sub.isEmpty()) {
        return Optional.empty();
      }
      dir = entries(read(sub.get().firstCluster(), -1));
    }
    return Optional.of(dir);
  }

  /**
   * @param file a file entry of this file system
   * @return its content
   * @throws IOException when reading fails or the chain is shorter than the file
   */
  public byte[] read(Entry file) throws IOException {
    if (file.size() > Integer.MAX_VALUE - 8) {
      throw new FormatException(name, offset, "FAT file " + file.name(), "too large to read");
    }
    return file.firstCluster() == 0 ? new byte[0] : read(file.firstCluster(), file.size());
  }

  private List<Entry> root() throws IOException {
    if (fatBits == 32) {
      return entries(read(rootCluster, -1));
    }
    ByteBuffer b = ByteBuffer.allocate(rootEntries * ENTRY);
    PositionalIo.readFully(ch, b, rootDirOffset);
    return entries(b.array());
  }

  /** Reads a cluster chain: {@code size} bytes of it, or all of it when {@code size < 0}. */
  private byte[] read(long first, long size) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    long cluster = first;
    long left = size;
    for (long n = 0; size < 0 || left > 0; n++) {
      if (cluster < 2 || cluster >= clusters + 2 || n > clusters) {
        throw new FormatException(
            name, fatOffset, "FAT chain from cluster " + first, "broken at cluster " + cluster);
      }
      int take = (int) (size < 0 ? clusterSize : Math.min(clusterSize, left));
      ByteBuffer b = ByteBuffer.allocate(take);
      PositionalIo.readFully(ch, b, dataOffset + (cluster - 2) * clusterSize);
      parts.add(b.array());
      left -= take;
      long next = next(cluster);
      if (endOfChain(next)) {
        break;
      }
      cluster = next;
    }
    if (size >= 0 && left > 0) {
      throw new FormatException(
          name, fatOffset, "FAT chain from cluster " + first, "shorter than the file");
    }
    ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length).sum());
    parts.forEach(all::put);
    return all.array();
  }

  private long next(long cluster) throws IOException {
    long at = fatOffset + (fatBits == 12 ? cluster + cluster / 2 : cluster * (fatBits / 8));
    ByteBuffer b = LittleEndian.allocate(4);
    b.limit(fatBits == 32 ? 4 : 2);
    PositionalIo.readFully(ch, b, at);
    return switch (fatBits) {
      case 12 -> {
        int v = Short.toUnsignedInt(b.getShort(0));
        yield (cluster & 1) == 1 ? v >>> 4 : v & 0xFFF;
      }
      case 16 -> Short.toUnsignedInt(b.getShort(0));
      default -> LittleEndian.unsigned(b.getInt(0)) & 0x0FFFFFFFL;
    };
  }

  private boolean endOfChain(long next) {
    long eoc = fatBits == 12 ? 0xFF8 : fatBits == 16 ? 0xFFF8 : 0x0FFFFFF8L;
    return next >= eoc || next < 2;
  }

  private static List<Entry> entries(byte[] dir) {
    ByteBuffer b = LittleEndian.wrap(dir);
    List<Entry> out = new ArrayList<>();
    StringBuilder lfn = new StringBuilder();
    for (int at = 0; at + ENTRY <= dir.length; at += ENTRY) {
      int first = Byte.toUnsignedInt(dir[at]);
      if (first == 0) {
        break;
      }
      int attr = Byte.toUnsignedInt(dir[at + ATTR_OFFSET]);
      if (first == DELETED) {
        lfn.setLength(0);
        continue;
      }
      if (attr == ATTR_LONG_NAME) {
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < LFN_CHARS; i++) {
          char c = b.getChar(at + LFN_OFFSETS[i]);
          if (c == 0 || c == 0xFFFF) {
            break;
          }
          part.append(c);
        }
        lfn.insert(0, part);
        continue;
      }
      String shortName = shortName(dir, at);
      String longName = lfn.toString();
      lfn.setLength(0);
      if ((attr & ATTR_VOLUME_ID) != 0 || shortName.equals(".") || shortName.equals("..")) {
        continue;
      }
      long cluster =
          ((long) Short.toUnsignedInt(b.getShort(at + CLUSTER_HI_OFFSET)) << 16)
              | Short.toUnsignedInt(b.getShort(at + CLUSTER_LO_OFFSET));
      out.add(
          new Entry(
              longName.isEmpty() ? shortName : longName,
              (attr & ATTR_DIRECTORY) != 0,
              cluster,
              LittleEndian.unsigned(b.getInt(at + SIZE_OFFSET))));
    }
    return out;
  }

  private static String shortName(byte[] dir, int at) {
    String base = new String(dir, at, 8, StandardCharsets.ISO_8859_1).stripTrailing();
    String ext = new String(dir, at + 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
    return (ext.isEmpty() ? base : base + "." + ext).toUpperCase(Locale.ROOT);
  }
}
