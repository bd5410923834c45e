package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.FormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The compacted logical-cluster indexes of a compressed file ({@code
 * EROFS_INODE_COMPRESSED_COMPACT}, 4096-byte logical clusters): one entry per lcluster of the file,
 * saying whether a physical cluster starts in it (HEAD for compressed data, PLAIN for stored data,
 * with the offset where it starts) or it lies inside one (NONHEAD, with the distances to the
 * surrounding heads; with big pclusters the first NONHEAD of a cluster holds its block count).
 * Entries come in packs: 2 per 8 bytes (4B form) or 16 per 32 bytes (2B form), each entry a 12-bit
 * value and a 2-bit type, each pack ending with a 32-bit block number from which the start block of
 * every head in the pack is counted. Packs of the 4B form come first until a 32-byte boundary, then
 * 2B packs, then 4B packs for the rest. The same walk that the kernel uses to find a head's block
 * gives the pack's base block when writing. Stateless.
 */
final class ClusterIndex {
  private ClusterIndex() {}

  /**
   * One physical cluster of a file.
   *
   * @param start file offset of its first byte
   * @param length decompressed bytes
   * @param blocks blocks it occupies, 0 when stored inline after the indexes
   * @param compressed whether it holds compressed data (else the bytes themselves)
   */
  record Pcluster(long start, int length, int blocks, boolean compressed) {
    long end() {
      return start + length;
    }
  }

  /**
   * @param baseLength bytes of the inode core and its xattr area
   * @return where the indexes start, relative to the inode (after the 8-byte map header)
   */
  static int indexStart(int baseLength) {
    return (int) MetadataLayout.align(baseLength, Z_EROFS_MAP_HEADER_ALIGN)
        + Z_EROFS_MAP_HEADER_SIZE;
  }

  /**
   * @param fileSize the file's size
   * @param indexStart {@link #indexStart} (inodes are 32-byte aligned, so this fixes the layout)
   * @return bytes of the index array
   */
  static int size(long fileSize, int indexStart) {
    Layout l = new Layout(lclusters(fileSize), indexStart);
    return l.bytes();
  }

  static int lclusters(long fileSize) {
    return Math.toIntExact(MetadataLayout.ceilDiv(fileSize, BLOCK_SIZE));
  }

  /** Where each entry lives: 4B packs up to a 32-byte boundary, 2B packs, 4B packs. */
  private static final class Layout {
    final int count;
    final int initial;
    final int twoB;

    Layout(int count, int indexStart) {
      this.count = count;
      int first = ((COMPACTED_2B_PACK - indexStart % COMPACTED_2B_PACK) / 4) & 7;
      this.initial = Math.min(first, count);
      this.twoB =
          first < count ? (count - first) / COMPACTED_2B_PER_PACK * COMPACTED_2B_PER_PACK : 0;
    }

    int bytes() {
      int rest = count - initial - twoB;
      return packs4b(initial) * COMPACTED_4B_PACK + twoB * 2 + packs4b(rest) * COMPACTED_4B_PACK;
    }

    private static int packs4b(int entries) {
      return (entries + COMPACTED_4B_PER_PACK - 1) / COMPACTED_4B_PER_PACK;
    }

    /**
     * @return {first entry, entries per pack, byte offset} of the pack holding entry i
     */
    int[] pack(int i) {
      if (i < initial) {
        int p = i / COMPACTED_4B_PER_PACK;
        return new int[] {p * COMPACTED_4B_PER_PACK, COMPACTED_4B_PER_PACK, p * COMPACTED_4B_PACK};
      }
      int at = packs4b(initial) * COMPACTED_4B_PACK;
      if (i < initial + twoB) {
        int p = (i - initial) / COMPACTED_2B_PER_PACK;
        return new int[] {
          initial + p * COMPACTED_2B_PER_PACK, COMPACTED_2B_PER_PACK, at + p * COMPACTED_2B_PACK
        };
      }
      at += twoB * 2;
      int p = (i - initial - twoB) / COMPACTED_4B_PER_PACK;
      return new int[] {
        initial + twoB + p * COMPACTED_4B_PER_PACK,
        COMPACTED_4B_PER_PACK,
        at + p * COMPACTED_4B_PACK
      };
    }
  }

  /** The logical entries of one file before they are packed. */
  private static final class Entries {
    final int[] type;
    final int[] lo;
    final long[] block;
    final int[] d1;

    Entries(int n) {
      type = new int[n];
      lo = new int[n];
      block = new long[n];
      d1 = new int[n];
      java.util.Arrays.fill(type, -1);
    }
  }

  /**
   * Encodes the index array.
   *
   * @param out receives the bytes at its position (advanced by {@link #size})
   * @param fileSize the file's size
   * @param indexStart {@link #indexStart}
   * @param pclusters the file's clusters in order, covering it without gaps
   * @param firstBlock the block of the first cluster
   * @param big whether big pclusters are on (block counts recorded)
   */
  static void encode(
      ByteBuffer out,
      long fileSize,
      int indexStart,
      List<Pcluster> pclusters,
      long firstBlock,
      boolean big) {
    int n = lclusters(fileSize);
    Entries e = new Entries(n);
    long block = firstBlock;
    for (Pcluster p : pclusters) {
      int h = (int) (p.start() >> BLOCK_SIZE_BITS);
      if (e.type[h] != -1) {
        throw new IllegalStateException("two clusters start in lcluster " + h);
      }
      e.type[h] = p.compressed() ? Z_EROFS_LCLUSTER_TYPE_HEAD1 : Z_EROFS_LCLUSTER_TYPE_PLAIN;
      e.lo[h] = (int) (p.start() & (BLOCK_SIZE - 1));
      e.block[h] = block;
      long end = p.end();
      int boundary = (int) (end >> BLOCK_SIZE_BITS);
      for (int j = h + 1; j < n && (long) j << BLOCK_SIZE_BITS < end; j++) {
        if (j == boundary) {
          break;
        }
        int d0 = j - h;
        int d1 = boundary - j;
        if (d0 >= Z_EROFS_LI_D0_CBLKCNT || d1 >= Z_EROFS_LI_D0_CBLKCNT) {
          throw new IllegalStateException("cluster of " + p.length() + " bytes is too long");
        }
        e.type[j] = Z_EROFS_LCLUSTER_TYPE_NONHEAD;
        e.lo[j] = big && d0 == 1 ? Z_EROFS_LI_D0_CBLKCNT | Math.max(p.blocks(), 1) : d0;
        e.d1[j] = big && d0 == 1 ? -1 : d1;
      }
      block += p.blocks();
    }
    if (e.type[n - 1] == -1 && (fileSize & (BLOCK_SIZE - 1)) != 0) {
      // the lcluster holding the end of the file: "a cluster would start at EOF"
      e.type[n - 1] = Z_EROFS_LCLUSTER_TYPE_PLAIN;
      e.lo[n - 1] = (int) (fileSize & (BLOCK_SIZE - 1));
      e.block[n - 1] = block;
    }
    for (int j = 0; j < n; j++) {
      if (e.type[j] == -1) {
        throw new IllegalStateException("lcluster " + j + " of " + n + " not covered");
      }
    }
    Layout layout = new Layout(n, indexStart);
    int base = out.position();
    for (int first = 0; first < n; ) {
      int[] pack = layout.pack(first);
      int count = pack[1];
      int bytes = count == COMPACTED_4B_PER_PACK ? COMPACTED_4B_PACK : COMPACTED_2B_PACK;
      int bits = (bytes * Byte.SIZE - Integer.SIZE) / count;
      int[] types = new int[count];
      int[] los = new int[count];
      long packBase = block;
      boolean baseSet = false;
      for (int k = 0; k < count; k++) {
        int j = first + k;
        if (j >= n) {
          break; // a half-used last pack: the dummy entry is PLAIN 0
        }
        types[k] = e.type[j];
        los[k] =
            e.type[j] == Z_EROFS_LCLUSTER_TYPE_NONHEAD && k == count - 1 && e.d1[j] >= 0
                ? e.d1[j]
                : e.lo[j];
      }
      for (int k = 0; k < count && first + k < n && !baseSet; k++) {
        if (types[k] != Z_EROFS_LCLUSTER_TYPE_NONHEAD) {
          long before = blocksBefore(types, los, k, big);
          if (before < 0) {
            throw new IllegalStateException("a NONHEAD distance below 2 in lcluster " + first);
          }
          packBase = e.block[first + k] - before;
          baseSet = true;
        }
      }
      byte[] packed = new byte[bytes];
      for (int k = 0; k < count; k++) {
        putBits(packed, k * bits, (types[k] << COMPACTED_LO_BITS) | los[k]);
      }
      ByteBuffer.wrap(packed)
          .order(out.order())
          .putInt(bytes - COMPACTED_PACK_BASE, (int) packBase);
      out.put(base + pack[2], packed);
      first += count;
    }
    out.position(base + layout.bytes());
  }

  private static void putBits(byte[] b, int pos, int v) {
    int at = pos >>> 3;
    int shift = pos & 7;
    int cur =
        (b[at] & 0xFF)
            | (b[at + 1] & 0xFF) << 8
            | (at + 2 < b.length ? (b[at + 2] & 0xFF) << 16 : 0);
    cur |= v << shift;
    b[at] = (byte) cur;
    b[at + 1] = (byte) (cur >>> 8);
    if (at + 2 < b.length) {
      b[at + 2] = (byte) (cur >>> 16);
    }
  }

  private static int getBits(byte[] b, int pos, int width) {
    int at = pos >>> 3;
    int cur =
        (b[at] & 0xFF)
            | (b[at + 1] & 0xFF) << 8
            | (at + 2 < b.length ? (b[at + 2] & 0xFF) << 16 : 0);
    return (cur >>> (pos & 7)) & ((1 << width) - 1);
  }

  /**
   * The kernel's count of blocks between a pack's base and the head at index {@code i} of the pack
   * ({@code z_erofs_load_compact_lcluster}); -1 when a NONHEAD entry with big clusters holds a
   * distance below 2, which the kernel refuses as corrupt (and which would make this walk loop).
   */
  static long blocksBefore(int[] types, int[] los, int i, boolean big) {
    long blocks = big ? 0 : 1;
    while (i > 0) {
      --i;
      int lo = los[i];
      if (types[i] == Z_EROFS_LCLUSTER_TYPE_NONHEAD) {
        if (big) {
          if ((lo & Z_EROFS_LI_D0_CBLKCNT) != 0) {
            --i;
            blocks += lo & ~Z_EROFS_LI_D0_CBLKCNT;
            continue;
          }
          if (lo <= 1) {
            return -1; // the kernel: "bigpcluster shouldn't have plain d0 == 1"
          }
          i -= lo - 2;
          continue;
        }
        i -= lo;
        if (i >= 0) {
          ++blocks;
        }
        continue;
      }
      ++blocks;
    }
    return blocks;
  }

  /**
   * One extent of a compressed file as read back.
   *
   * @param start file offset of its first byte
   * @param length decompressed bytes
   * @param block its first block (meaningless when inline)
   * @param blocks blocks it occupies, 0 when inline
   * @param compressed whether the data is compressed
   */
  record Extent(long start, long length, long block, int blocks, boolean compressed) {}

  /**
   * Decodes an index array into the file's extents.
   *
   * @param in the index bytes ({@link #size} of them)
   * @param fileSize the file's size
   * @param indexStart {@link #indexStart}
   * @param big whether big pclusters are on
   * @param inlineTail whether the last extent is stored inline
   * @param file the image, for messages
   * @param offset where the indexes start in the image
   * @return the extents in file order
   * @throws FormatException when an entry is inconsistent
   */
  static List<Extent> decode(
      byte[] in,
      long fileSize,
      int indexStart,
      boolean big,
      boolean inlineTail,
      String file,
      long offset)
      throws FormatException {
    int n = lclusters(fileSize);
    Layout layout = new Layout(n, indexStart);
    int[] type = new int[n];
    int[] lo = new int[n];
    long[] block = new long[n];
    for (int first = 0; first < n; ) {
      int[] pack = layout.pack(first);
      int count = pack[1];
      int bytes = count == COMPACTED_4B_PER_PACK ? COMPACTED_4B_PACK : COMPACTED_2B_PACK;
      int bits = (bytes * Byte.SIZE - Integer.SIZE) / count;
      byte[] packed = java.util.Arrays.copyOfRange(in, pack[2], pack[2] + bytes);
      long packBase =
          Integer.toUnsignedLong(
              ByteBuffer.wrap(packed)
                  .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                  .getInt(bytes - COMPACTED_PACK_BASE));
      int[] types = new int[count];
      int[] los = new int[count];
      for (int k = 0; k < count; k++) {
        int v = getBits(packed, k * bits, COMPACTED_LO_BITS + 2);
        types[k] = v >>> COMPACTED_LO_BITS;
        los[k] = v & ((1 << COMPACTED_LO_BITS) - 1);
      }
      for (int k = 0; k < count && first + k < n; k++) {
        type[first + k] = types[k];
        lo[first + k] = los[k];
        if (types[k] != Z_EROFS_LCLUSTER_TYPE_NONHEAD) {
          long before = blocksBefore(types, los, k, big);
          if (before < 0) {
            throw new FormatException(
                file,
                offset + pack[2],
                "lcluster " + (first + k),
                "a NONHEAD entry before it holds a distance below 2 (big pclusters)");
          }
          block[first + k] = packBase + before;
        }
      }
      first += count;
    }
    List<Extent> extents = new ArrayList<>();
    long prevStart = -1;
    int prevIndex = -1;
    for (int j = 0; j <= n; j++) {
      boolean head = j < n && type[j] != Z_EROFS_LCLUSTER_TYPE_NONHEAD;
      if (type.length > 0 && j < n && type[j] > Z_EROFS_LCLUSTER_TYPE_NONHEAD) {
        throw new FormatException(file, offset, "lcluster " + j, "unknown type " + type[j]);
      }
      long start = head ? ((long) j << BLOCK_SIZE_BITS) + lo[j] : fileSize;
      if (!head && j < n) {
        continue;
      }
      if (prevIndex >= 0 && prevStart < fileSize) {
        long end = Math.min(start, fileSize);
        int blocks = 1;
        if (big && prevIndex + 1 < n && type[prevIndex + 1] == Z_EROFS_LCLUSTER_TYPE_NONHEAD) {
          int next = lo[prevIndex + 1];
          if ((next & Z_EROFS_LI_D0_CBLKCNT) == 0) {
            throw new FormatException(
                file, offset, "lcluster " + (prevIndex + 1), "expected the block count (CBLKCNT)");
          }
          blocks = next & ~Z_EROFS_LI_D0_CBLKCNT;
        }
        extents.add(
            new Extent(
                prevStart,
                end - prevStart,
                block[prevIndex],
                blocks,
                type[prevIndex] == Z_EROFS_LCLUSTER_TYPE_HEAD1));
      }
      if (head) {
        if (lo[j] >= BLOCK_SIZE || start <= prevStart) {
          throw new FormatException(file, offset, "lcluster " + j, "bad cluster offset " + lo[j]);
        }
        prevStart = start;
        prevIndex = j;
      }
    }
    if (inlineTail && !extents.isEmpty()) {
      Extent last = extents.remove(extents.size() - 1);
      extents.add(new Extent(last.start(), last.length(), last.block(), 0, last.compressed()));
    }
    if (extents.isEmpty() || extents.get(0).start() != 0) {
      throw new FormatException(
          file, offset, "lcluster 0", "the file does not start with a cluster");
    }
    return extents;
  }
}
