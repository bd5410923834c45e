package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.compress.CompressedDataException;
import dev.mkddi.compress.DeflateDecompressor;
import dev.mkddi.compress.Lz4Decompressor;
import dev.mkddi.compress.MicroLzmaDecompressor;
import dev.mkddi.compress.ZstdDecompressor;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads EROFS images (the subset {@link ErofsWriter} writes): superblock with checksum and
 * compression configurations, compact and extended inodes, FLAT_PLAIN and FLAT_INLINE data,
 * compressed files with compacted indexes (LZ4, MicroLZMA, DEFLATE, zstd; big and inline clusters;
 * fragments in the packed inode, whole-file fragments), directories, inline xattrs. For tests and
 * verification; it checks the structures it touches and reports the first problem as a {@link
 * FormatException}. Thread-safe (positional reads only).
 */
public final class ErofsReader {
  private static final int NANOS_PER_SECOND = 1_000_000_000;

  private final FileChannel ch;
  private final long offset;
  private final String name;
  private final Superblock superblock;
  private final int lzmaDictSize;

  /**
   * One inode as read.
   *
   * @param nid its nid
   * @param extended whether it is the 64-byte form
   * @param layout {@code 0} FLAT_PLAIN, {@code 2} FLAT_INLINE, {@code 3} COMPRESSED_COMPACT or
   *     {@code 1} COMPRESSED_FULL (a whole-file fragment)
   * @param mode {@code i_mode}
   * @param nlink link count
   * @param size {@code i_size}
   * @param uid owner
   * @param gid group
   * @param mtime modification time (the superblock time for compact inodes)
   * @param u the raw {@code i_u} field (for a compressed file its block count)
   * @param ino {@code i_ino}
   * @param xattrs inline extended attributes
   * @param tailOffset image offset right after the inode core and xattrs (where an inline tail
   *     starts)
   */
  public record Inode(
      long nid,
      boolean extended,
      int layout,
      int mode,
      long nlink,
      long size,
      long uid,
      long gid,
      Instant mtime,
      int u,
      long ino,
      List<Xattr> xattrs,
      long tailOffset) {
    /**
     * @return the file type bits of {@code mode}
     */
    public int type() {
      return mode & S_IFMT;
    }

    /**
     * @return whether this is a directory
     */
    public boolean isDirectory() {
      return type() == S_IFDIR;
    }

    /**
     * @return the device major number ({@code new_decode_dev})
     */
    public int major() {
      return (u & 0xfff00) >>> 8;
    }

    /**
     * @return the device minor number ({@code new_decode_dev})
     */
    public int minor() {
      return (u & 0xff) | ((u >>> 12) & 0xfff00);
    }
  }

  /**
   * One directory entry.
   *
   * @param name the name bytes
   * @param nid the target's nid
   * @param fileType the {@code FT_*} type
   */
  public record Entry(byte[] name, long nid, int fileType) {
    /**
     * @return the name as UTF-8 text
     */
    public String nameString() {
      return new String(name, StandardCharsets.UTF_8);
    }
  }

  private ErofsReader(
      FileChannel ch, long offset, String name, Superblock superblock, int lzmaDictSize) {
    this.ch = ch;
    this.offset = offset;
    this.name = name;
    this.superblock = superblock;
    this.lzmaDictSize = lzmaDictSize;
  }

  /**
   * Reads and checks the superblock (magic, block size, checksum).
   *
   * @param ch the image (or a file containing it)
   * @param offset where the image starts
   * @param name the image as the user named it, for messages
   * @return a reader
   * @throws FormatException when the superblock is invalid or its checksum does not match
   * @throws IOException on a read failure
   */
  public static ErofsReader open(FileChannel ch, long offset, String name) throws IOException {
    ByteBuffer block0 = LittleEndian.allocate(BLOCK_SIZE);
    PositionalIo.readFully(ch, block0, offset);
    Superblock sb =
        Superblock.decode(block0.position(SUPERBLOCK_OFFSET), name, offset + SUPERBLOCK_OFFSET);
    if ((sb.featureCompat() & EROFS_FEATURE_COMPAT_SB_CHKSUM) != 0) {
      int stored = block0.getInt(SUPERBLOCK_OFFSET + SB_CHECKSUM);
      int computed = Superblock.checksum(block0.array());
      if (stored != computed) {
        throw new FormatException(
            name,
            offset + SUPERBLOCK_OFFSET + SB_CHECKSUM,
            "checksum",
            String.format("expected 0x%08x, got 0x%08x", computed, stored));
      }
    }
    int dict = CompressionConfigs.lzmaDictSize(block0.array(), sb, name);
    return new ErofsReader(ch, offset, name, sb, dict);
  }

  /**
   * @return the superblock
   */
  public Superblock superblock() {
    return superblock;
  }

  /**
   * @param nid an inode's nid
   * @return the inode
   * @throws FormatException when the inode or its xattrs are malformed or cross a block
   * @throws IOException on a read failure
   */
  public Inode inode(long nid) throws IOException {
    // blocks is a u32, so the image size fits a long; a nid from a directory entry is any u64, so
    // compare before multiplying
    long imageBytes = superblock.blocks() * BLOCK_SIZE;
    if (nid < 0 || nid > (imageBytes - INODE_COMPACT_SIZE) / SLOT_SIZE) {
      throw new FormatException(
          name,
          offset,
          "nid " + Long.toUnsignedString(nid),
          "beyond the end of the image (" + imageBytes + " bytes)");
    }
    long at = offset + nid * SLOT_SIZE;
    int inBlock = (int) ((nid * SLOT_SIZE) % BLOCK_SIZE);
    ByteBuffer buf = LittleEndian.allocate(BLOCK_SIZE - inBlock);
    PositionalIo.readFully(ch, buf, at);
    if ((buf.getShort(IC_FORMAT) & 1) == EROFS_INODE_LAYOUT_EXTENDED
        && buf.capacity() < INODE_EXTENDED_SIZE) {
      throw new FormatException(name, at, "inode " + nid, "extended inode crosses a block");
    }
    InodeHeader h = InodeHeader.decode(buf.position(0), superblock);
    int base = h.length() + h.xattrAreaLength();
    if (base > buf.capacity()) {
      throw new FormatException(name, at, "inode " + nid, "inode and xattrs cross a block");
    }
    if (h.dataLayout() != EROFS_INODE_FLAT_PLAIN
        && h.dataLayout() != EROFS_INODE_FLAT_INLINE
        && !compressedLayout(h.dataLayout())) {
      throw new FormatException(
          name, at, "i_format of nid " + nid, "unsupported data layout " + h.dataLayout());
    }
    byte[] area = new byte[h.xattrAreaLength()];
    buf.get(h.length(), area);
    List<Xattr> xattrs = XattrCodec.decode(area, name, at + h.length());
    checkDataRange(h, nid, at, imageBytes);
    if (h.dataLayout() == EROFS_INODE_FLAT_INLINE
        && base + h.size() % BLOCK_SIZE > buf.capacity()) {
      throw new FormatException(name, at, "inode " + nid, "inline data crosses a block boundary");
    }
    return new Inode(
        nid,
        h.extended(),
        h.dataLayout(),
        h.mode(),
        h.nlink(),
        h.size(),
        h.uid(),
        h.gid(),
        mtime(h, nid, at),
        h.u(),
        h.ino(),
        xattrs,
        at + base);
  }

  /**
   * The data of a flat inode lies in whole blocks from {@code i_u} (all but the tail, for the
   * inline layout): they must lie inside the image, so a u64 size cannot go negative or promise
   * more than the image holds. A compressed inode's size only has to be a positive u64.
   */
  private void checkDataRange(InodeHeader h, long nid, long at, long imageBytes)
      throws FormatException {
    // a compressed file's i_size is its uncompressed length: only its lcluster index must fit
    boolean compressed = compressedLayout(h.dataLayout());
    if (h.size() < 0 || (!compressed && h.size() > imageBytes)) {
      throw new FormatException(
          name,
          at,
          "i_size of nid " + nid,
          "expected at most the image size "
              + imageBytes
              + ", got "
              + Long.toUnsignedString(h.size()));
    }
    if (compressed) {
      // each 4 KiB of a compressed file has an index entry of at least 2 bytes after its inode
      long lclusters = h.size() / BLOCK_SIZE + (h.size() % BLOCK_SIZE == 0 ? 0 : 1);
      if (lclusters > Math.min(imageBytes / 2, Integer.MAX_VALUE / 8)) {
        throw new FormatException(
            name,
            at,
            "i_size of nid " + nid,
            "a compressed file of "
                + Long.toUnsignedString(h.size())
                + " bytes needs "
                + lclusters
                + " index entries, more than the image's "
                + imageBytes
                + " bytes hold");
      }
      return;
    }
    long blocks =
        h.dataLayout() == EROFS_INODE_FLAT_INLINE
            ? h.size() / BLOCK_SIZE
            : (h.size() + BLOCK_SIZE - 1) / BLOCK_SIZE;
    long first = Integer.toUnsignedLong(h.u());
    if (blocks > 0 && first + blocks > imageBytes / BLOCK_SIZE) {
      throw new FormatException(
          name,
          at,
          "i_u of nid " + nid,
          "data blocks "
              + first
              + " to "
              + (first + blocks - 1)
              + " lie beyond the image's "
              + imageBytes / BLOCK_SIZE
              + " blocks");
    }
  }

  private Instant mtime(InodeHeader h, long nid, long at) throws FormatException {
    // u64 seconds on disk; Instant reaches only about a billion years either way
    if (h.mtime() < Instant.MIN.getEpochSecond() || h.mtime() > Instant.MAX.getEpochSecond()) {
      throw new FormatException(
          name,
          at,
          "i_mtime of nid " + nid,
          "expected a time within a billion years, got " + Long.toUnsignedString(h.mtime()));
    }
    if (h.mtimeNanos() < 0 || h.mtimeNanos() >= NANOS_PER_SECOND) {
      throw new FormatException(
          name,
          at,
          "i_mtime_nsec of nid " + nid,
          "expected 0 to 999999999, got " + Integer.toUnsignedString(h.mtimeNanos()));
    }
    return Instant.ofEpochSecond(h.mtime(), h.mtimeNanos());
  }

  /**
   * Reads {@code length} bytes of an inode's data starting at {@code pos}.
   *
   * @param inode a regular file, directory or symlink
   * @param pos offset in the file
   * @param length bytes to read, within the file
   * @return the bytes
   * @throws IOException on a read failure
   */
  public byte[] read(Inode inode, long pos, int length) throws IOException {
    return read(inode, pos, length, false);
  }

  private static boolean compressedLayout(int layout) {
    return layout == EROFS_INODE_COMPRESSED_COMPACT || layout == EROFS_INODE_COMPRESSED_FULL;
  }

  /**
   * @param packedRead whether this reads the packed inode for a fragment (which must not have
   *     fragments itself)
   */
  private byte[] read(Inode inode, long pos, int length, boolean packedRead) throws IOException {
    if (pos < 0 || pos + length > inode.size()) {
      throw new IllegalArgumentException("range " + pos + "+" + length + " beyond " + inode.size());
    }
    byte[] out = new byte[length];
    if (compressedLayout(inode.layout())) {
      new CompressedReader(inode, packedRead).read(pos, out);
      return out;
    }
    long tailStart =
        inode.layout() == EROFS_INODE_FLAT_INLINE
            ? inode.size() / BLOCK_SIZE * BLOCK_SIZE
            : Long.MAX_VALUE;
    long blockBase = offset + Integer.toUnsignedLong(inode.u()) * BLOCK_SIZE;
    int done = 0;
    while (done < length) {
      long p = pos + done;
      int n;
      long at;
      if (p >= tailStart) {
        n = length - done;
        at = inode.tailOffset() + (p - tailStart);
      } else {
        n = (int) Math.min(length - done, tailStart - p);
        at = blockBase + p;
      }
      PositionalIo.readFully(ch, ByteBuffer.wrap(out, done, n), at);
      done += n;
    }
    return out;
  }

  /**
   * Reads a compressed file: its map header and indexes, then the clusters a read needs; a fragment
   * (the last extent, or the whole file) from the packed inode.
   */
  private final class CompressedReader {
    private final Inode inode;
    private final boolean packedRead;
    private final long header;
    private final long indexAt;
    private final int indexBytes;
    private final int inlineLength;
    private final int advise;
    private final int algorithm;

    /** Offset of the fragment in the packed inode, -1 without one. */
    private final long fragmentOffset;

    private final boolean wholeFragment;

    CompressedReader(Inode inode, boolean packedRead) throws IOException {
      this.inode = inode;
      this.packedRead = packedRead;
      long at = offset + inode.nid() * SLOT_SIZE;
      int base = (int) (inode.tailOffset() - at);
      header = at + ClusterIndex.indexStart(base) - Z_EROFS_MAP_HEADER_SIZE;
      ByteBuffer h = LittleEndian.allocate(Z_EROFS_MAP_HEADER_SIZE);
      PositionalIo.readFully(ch, h, header);
      int clusterBits = h.get(MH_CLUSTERBITS) & 0xFF;
      wholeFragment = (clusterBits >>> Z_EROFS_FRAGMENT_INODE_BIT) != 0;
      if (wholeFragment) {
        fragmentOffset = h.getLong(0) & ~CompressedFile.WHOLE_FRAGMENT_BIT;
        inlineLength = 0;
        advise = Z_EROFS_ADVISE_FRAGMENT_PCLUSTER;
        algorithm = 0;
        indexAt = header + Z_EROFS_MAP_HEADER_SIZE;
        indexBytes = 0;
        return;
      }
      if (inode.layout() != EROFS_INODE_COMPRESSED_COMPACT) {
        throw new FormatException(
            name,
            at,
            "i_format of nid " + inode.nid(),
            "full (non-compacted) cluster indexes are not supported");
      }
      advise = Short.toUnsignedInt(h.getShort(MH_ADVISE));
      boolean fragment = (advise & Z_EROFS_ADVISE_FRAGMENT_PCLUSTER) != 0;
      fragmentOffset = fragment ? Integer.toUnsignedLong(h.getInt(0)) : -1;
      inlineLength = fragment ? 0 : Short.toUnsignedInt(h.getShort(MH_IDATA_SIZE));
      algorithm = h.get(MH_ALGORITHMTYPE) & 0x0F;
      int known =
          Z_EROFS_ADVISE_COMPACTED_2B
              | Z_EROFS_ADVISE_BIG_PCLUSTER_1
              | Z_EROFS_ADVISE_BIG_PCLUSTER_2
              | Z_EROFS_ADVISE_INLINE_PCLUSTER
              | Z_EROFS_ADVISE_INTERLACED_PCLUSTER
              | Z_EROFS_ADVISE_FRAGMENT_PCLUSTER;
      if (clusterBits != 0
          || (advise & ~known) != 0
          || (advise & Z_EROFS_ADVISE_COMPACTED_2B) == 0
          || (fragment && (advise & Z_EROFS_ADVISE_INLINE_PCLUSTER) != 0)) {
        throw new FormatException(
            name,
            header,
            "map header of nid " + inode.nid(),
            String.format(
                "unsupported: advise 0x%x, cluster bits %d (4 KiB clusters, compacted 2B indexes)",
                advise, clusterBits));
      }
      indexAt = header + Z_EROFS_MAP_HEADER_SIZE;
      indexBytes = ClusterIndex.size(inode.size(), ClusterIndex.indexStart(base));
    }

    void read(long pos, byte[] out) throws IOException {
      if (fragmentOffset >= 0 && packedRead) {
        throw new FormatException(
            name, header, "map header of nid " + inode.nid(), "the packed inode has a fragment");
      }
      if (wholeFragment) {
        byte[] data = fragment(pos, out.length);
        System.arraycopy(data, 0, out, 0, out.length);
        return;
      }
      byte[] indexes = new byte[indexBytes];
      PositionalIo.readFully(ch, ByteBuffer.wrap(indexes), indexAt);
      boolean big = (advise & Z_EROFS_ADVISE_BIG_PCLUSTER_1) != 0;
      boolean inline = (advise & Z_EROFS_ADVISE_INLINE_PCLUSTER) != 0;
      List<ClusterIndex.Extent> extents =
          ClusterIndex.decode(
              indexes,
              inode.size(),
              (int) (indexAt % 32),
              big,
              inline || fragmentOffset >= 0,
              name,
              indexAt);
      long end = pos + out.length;
      for (int i = 0; i < extents.size(); i++) {
        ClusterIndex.Extent e = extents.get(i);
        long eEnd = e.start() + e.length();
        if (eEnd <= pos || e.start() >= end) {
          continue;
        }
        long from = Math.max(pos, e.start());
        long to = Math.min(end, eEnd);
        if (fragmentOffset >= 0 && i == extents.size() - 1) {
          if (e.start() == 0) {
            throw new FormatException(
                name, indexAt, "lcluster 0 of nid " + inode.nid(), "a fragment at lcluster 0");
          }
          byte[] data = fragment(from - e.start(), (int) (to - from));
          System.arraycopy(data, 0, out, (int) (from - pos), data.length);
          continue;
        }
        byte[] data = extent(e);
        System.arraycopy(
            data, (int) (from - e.start()), out, (int) (from - pos), (int) (to - from));
      }
    }

    /** Bytes of the fragment from {@code skip}, read from the packed inode. */
    private byte[] fragment(long skip, int length) throws IOException {
      long packedNid = superblock.packedNid();
      if ((superblock.featureIncompat() & EROFS_FEATURE_INCOMPAT_FRAGMENTS) == 0
          || packedNid == 0) {
        throw new FormatException(
            name,
            header,
            "map header of nid " + inode.nid(),
            "a fragment, but the superblock has no packed inode");
      }
      Inode packed = inode(packedNid);
      long from = fragmentOffset + skip;
      if (packed.type() != S_IFREG
          || from < fragmentOffset
          || from > packed.size()
          || length > packed.size() - from) {
        throw new FormatException(
            name,
            header,
            "fragment of nid " + inode.nid(),
            "bytes "
                + Long.toUnsignedString(from)
                + "+"
                + length
                + " beyond the packed inode (nid "
                + packedNid
                + ", "
                + packed.size()
                + " bytes)");
      }
      return ErofsReader.this.read(packed, from, length, true);
    }

    private byte[] extent(ClusterIndex.Extent e) throws IOException {
      long at;
      int stored;
      if (e.blocks() == 0) {
        at = indexAt + indexBytes;
        stored = inlineLength;
      } else {
        at = offset + e.block() * BLOCK_SIZE;
        stored = e.blocks() * BLOCK_SIZE;
      }
      byte[] raw = new byte[stored];
      PositionalIo.readFully(ch, ByteBuffer.wrap(raw), at);
      byte[] data = new byte[(int) e.length()];
      if (!e.compressed()) {
        if (e.length() > stored) {
          throw new FormatException(
              name, at, "stored cluster of nid " + inode.nid(), e.length() + " bytes in " + stored);
        }
        if ((advise & Z_EROFS_ADVISE_INTERLACED_PCLUSTER) == 0) {
          System.arraycopy(raw, 0, data, 0, data.length);
        } else if (stored == BLOCK_SIZE) {
          int rotation = (int) (e.start() % BLOCK_SIZE);
          for (int i = 0; i < data.length; i++) {
            data[i] = raw[(rotation + i) % BLOCK_SIZE];
          }
        } else {
          throw new FormatException(
              name,
              at,
              "stored cluster of nid " + inode.nid(),
              "interlaced, but " + stored + " bytes rather than one block");
        }
        return data;
      }
      int skip = 0;
      while (skip < Math.min(stored, BLOCK_SIZE) && raw[skip] == 0) {
        skip++;
      }
      try {
        switch (algorithm) {
          case Z_EROFS_COMPRESSION_LZ4 -> {
            int n = Lz4Decompressor.decompress(raw, skip, stored - skip, data, 0, data.length);
            if (n != data.length) {
              throw new CompressedDataException(
                  "LZ4 block: decodes to " + n + " bytes, expected " + data.length);
            }
          }
          case Z_EROFS_COMPRESSION_LZMA ->
              MicroLzmaDecompressor.decompress(
                  raw, skip, stored - skip, data, 0, data.length, Math.max(lzmaDictSize, 4096));
          case Z_EROFS_COMPRESSION_DEFLATE ->
              DeflateDecompressor.decompress(raw, skip, stored - skip, data, 0, data.length);
          case Z_EROFS_COMPRESSION_ZSTD ->
              ZstdDecompressor.decompress(raw, skip, stored - skip, data, 0, data.length);
          default ->
              throw new CompressedDataException("unknown compression algorithm " + algorithm);
        }
      } catch (CompressedDataException ex) {
        throw new FormatException(
            name,
            at + skip,
            "compressed cluster of nid " + inode.nid(),
            String.valueOf(ex.getMessage()));
      }
      return data;
    }
  }

  /**
   * @param dir a directory inode
   * @return its entries in stored order, {@code .} and {@code ..} included
   * @throws FormatException when a directory block is malformed
   * @throws IOException on a read failure
   */
  public List<Entry> list(Inode dir) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (long start = 0; start < dir.size(); start += BLOCK_SIZE) {
      int valid = (int) Math.min(BLOCK_SIZE, dir.size() - start);
      byte[] block = read(dir, start, valid);
      for (DirectoryCodec.Dirent d :
          DirectoryCodec.decodeBlock(block, valid, name, dir.nid() * SLOT_SIZE)) {
        out.add(new Entry(d.name(), d.nid(), d.fileType()));
      }
    }
    return out;
  }

  /**
   * @param path an absolute path such as {@code /usr/lib/os-release}
   * @return the inode, or null when a component does not exist
   * @throws IOException on a read failure or a malformed directory
   */
  public @Nullable Inode lookup(String path) throws IOException {
    Inode cur = inode(superblock.rootNid());
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!cur.isDirectory()) {
        return null;
      }
      Inode next = null;
      for (Entry e : list(cur)) {
        if (e.nameString().equals(part)) {
          next = inode(e.nid());
          break;
        }
      }
      if (next == null) {
        return null;
      }
      cur = next;
    }
    return cur;
  }
}
