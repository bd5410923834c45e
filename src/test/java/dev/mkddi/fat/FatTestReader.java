package dev.mkddi.fat;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small independent FAT reader for tests: follows cluster chains, checks long-name checksums and
 * returns every file and directory by path. Not thread-safe.
 */
final class FatTestReader {
  /** A file or directory read back. */
  record Item(
      String path, String shortName, boolean directory, byte[] content, int mdate, int mtime) {}

  final int sectorsPerCluster;
  final int reserved;
  final int fats;
  final int rootEntries;
  final long totalSectors;
  final long fatSectors;
  final long rootCluster;
  final int bits;
  final int sectorSize;
  final long hiddenSectors;
  final long volumeId;
  final String label;
  private final FileChannel ch;
  private final long base;
  private final long dataStart;
  private final long clusters;
  final Map<String, Item> items = new LinkedHashMap<>();
  final boolean fatsIdentical;

  FatTestReader(FileChannel ch, long base) throws IOException {
    this.ch = ch;
    this.base = base;
    ByteBuffer b = read(0, 512);
    sectorSize = b.getShort(11) & 0xFFFF;
    if (sectorSize < 512 || sectorSize > 4096 || (b.getShort(510) & 0xFFFF) != 0xAA55) {
      throw new IOException("not a FAT boot sector");
    }
    hiddenSectors = b.getInt(28) & 0xFFFFFFFFL;
    sectorsPerCluster = b.get(13) & 0xFF;
    reserved = b.getShort(14) & 0xFFFF;
    fats = b.get(16);
    rootEntries = b.getShort(17) & 0xFFFF;
    int t16 = b.getShort(19) & 0xFFFF;
    totalSectors = t16 != 0 ? t16 : b.getInt(32) & 0xFFFFFFFFL;
    int f16 = b.getShort(22) & 0xFFFF;
    fatSectors = f16 != 0 ? f16 : b.getInt(36) & 0xFFFFFFFFL;
    long rootDirSectors = rootEntries * 32L / sectorSize;
    dataStart = reserved + fats * fatSectors + rootDirSectors;
    clusters = (totalSectors - dataStart) / sectorsPerCluster;
    bits = f16 == 0 ? 32 : clusters < 4085 ? 12 : 16;
    int vi = bits == 32 ? 64 : 36;
    rootCluster = bits == 32 ? b.getInt(44) & 0xFFFFFFFFL : 0;
    volumeId = b.getInt(vi + 3) & 0xFFFFFFFFL;
    byte[] l = new byte[11];
    b.get(vi + 7, l);
    label = new String(l, StandardCharsets.US_ASCII);
    byte[] root;
    if (bits == 32) {
      root = chain(rootCluster, -1);
    } else {
      root = bytes(reserved + fats * fatSectors, (int) rootDirSectors * sectorSize);
    }
    walk("", root, true);
    int fatBytes = (int) (fatSectors * sectorSize);
    fatsIdentical =
        java.util.Arrays.equals(
            read((long) reserved * sectorSize, fatBytes).array(),
            read((reserved + fatSectors) * sectorSize, fatBytes).array());
  }

  private ByteBuffer read(long pos, int len) throws IOException {
    ByteBuffer b = LittleEndian.allocate(len);
    PositionalIo.readFully(ch, b, base + pos);
    return b.flip();
  }

  private byte[] bytes(long sector, int len) throws IOException {
    return read(sector * sectorSize, len).array();
  }

  long fatEntry(int fat, long cluster) throws IOException {
    long start = (reserved + fat * fatSectors) * sectorSize;
    if (bits == 12) {
      ByteBuffer b = read(start + cluster * 3 / 2, 2);
      int v = b.getShort(0) & 0xFFFF;
      return (cluster & 1) == 0 ? v & 0xFFF : v >> 4;
    }
    if (bits == 16) {
      return read(start + cluster * 2, 2).getShort(0) & 0xFFFF;
    }
    return read(start + cluster * 4, 4).getInt(0) & 0x0FFFFFFF;
  }

  private boolean eoc(long v) {
    return v >= (bits == 12 ? 0xFF8 : bits == 16 ? 0xFFF8 : 0x0FFFFFF8);
  }

  /** Reads a chain; {@code size} < 0 reads whole clusters. */
  byte[] chain(long first, long size) throws IOException {
    int cb = sectorsPerCluster * sectorSize;
    List<byte[]> parts = new ArrayList<>();
    long c = first;
    int n = 0;
    while (first != 0 && !eoc(c)) {
      if (c < 2 || c >= clusters + 2 || n++ > clusters) {
        throw new IOException("bad cluster " + c);
      }
      parts.add(bytes(dataStart + (c - 2) * sectorsPerCluster, cb));
      c = fatEntry(0, c);
    }
    long total = size < 0 ? (long) parts.size() * cb : size;
    if ((long) parts.size() * cb < total) {
      throw new IOException("chain shorter than the file");
    }
    byte[] out = new byte[(int) total];
    for (int i = 0; i < parts.size() && i * (long) cb < total; i++) {
      System.arraycopy(parts.get(i), 0, out, i * cb, (int) Math.min(cb, total - (long) i * cb));
    }
    return out;
  }

  private void walk(String dir, byte[] data, boolean root) throws IOException {
    ByteBuffer b = LittleEndian.wrap(data);
    StringBuilder lfn = null;
    int lfnSum = -1;
    for (int p = 0; p + 32 <= data.length; p += 32) {
      int first = data[p] & 0xFF;
      if (first == 0) {
        break;
      }
      int attr = data[p + 11] & 0xFF;
      if (attr == 0x0F) {
        int ord = first & 0x3F;
        if ((first & 0x40) != 0) {
          lfn = new StringBuilder();
          lfnSum = data[p + 13] & 0xFF;
        }
        StringBuilder part = new StringBuilder();
        for (int off : new int[] {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30}) {
          char c = b.getChar(p + off);
          if (c == 0) {
            break;
          }
          part.append(c);
        }
        lfn.insert(0, part);
        if (ord == 0) {
          throw new IOException("bad LFN ordinal");
        }
        continue;
      }
      byte[] sn = new byte[11];
      System.arraycopy(data, p, sn, 0, 11);
      String shortName = new String(sn, StandardCharsets.ISO_8859_1);
      if ((attr & 0x08) != 0) {
        lfn = null;
        continue;
      }
      if (shortName.equals(".          ") || shortName.equals("..         ")) {
        continue;
      }
      String name;
      if (lfn != null) {
        if (lfnSum != DirectoryEncoder.checksum(sn)) {
          throw new IOException("LFN checksum mismatch for " + shortName);
        }
        name = lfn.toString();
      } else {
        String base = shortName.substring(0, 8).trim();
        String ext = shortName.substring(8).trim();
        name = ext.isEmpty() ? base : base + "." + ext;
      }
      lfn = null;
      long cluster = (b.getShort(p + 26) & 0xFFFF) | (long) (b.getShort(p + 20) & 0xFFFF) << 16;
      long size = b.getInt(p + 28) & 0xFFFFFFFFL;
      String path = dir.isEmpty() ? name : dir + "/" + name;
      int mtime = b.getShort(p + 22) & 0xFFFF;
      int mdate = b.getShort(p + 24) & 0xFFFF;
      boolean isDir = (attr & 0x10) != 0;
      if (isDir) {
        items.put(path, new Item(path, shortName, true, null, mdate, mtime));
        walk(path, chain(cluster, -1), false);
      } else {
        items.put(path, new Item(path, shortName, false, chain(cluster, size), mdate, mtime));
      }
    }
  }
}
