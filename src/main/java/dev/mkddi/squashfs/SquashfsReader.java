package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Xattr;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a SquashFS 4.0 image: superblock, compressor options, id, fragment, export and xattr
 * tables, inodes, directory listings, file contents and xattrs, checking every length and position
 * against the image. For tests and verification; it reads what {@link SquashfsWriter} writes and
 * what mksquashfs writes with the same compressors. Not thread-safe.
 */
public final class SquashfsReader implements AutoCloseable {
  /**
   * One directory entry.
   *
   * @param name the name
   * @param ref the inode's reference
   * @param number the inode number
   * @param type the basic inode type (1 to 7)
   */
  public record Entry(Name name, long ref, long number, int type) {}

  private static final String[] XATTR_PREFIXES = {"user.", "trusted.", "security."};

  private final FileChannel ch;
  private final long base;
  private final String file;
  private final Superblock sb;
  private final byte[] options;
  private final BlockDecoder decompressor;
  private final MetadataReader meta;
  private final long[] ids;
  private int cachedFragment = -1;
  private byte[] fragmentBytes = new byte[0];
  private int fragmentLength;

  private SquashfsReader(
      FileChannel ch,
      long base,
      String file,
      Superblock sb,
      byte[] options,
      BlockDecoder decompressor)
      throws IOException {
    this.ch = ch;
    this.base = base;
    this.file = file;
    this.sb = sb;
    this.options = options;
    this.decompressor = decompressor;
    this.meta = new MetadataReader(ch, base, sb.bytesUsed(), file, decompressor);
    if (sb.ids() == 0) {
      throw new FormatException(file, SB_NO_IDS, "no_ids", "expected at least 1, got 0");
    }
    ByteBuffer idBytes = table(sb.idTable(), sb.ids(), ID_ENTRY_SIZE, "id table");
    this.ids = new long[sb.ids()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Integer.toUnsignedLong(idBytes.getInt());
    }
  }

  /**
   * @param ch the channel holding the image
   * @param offset where the image starts in {@code ch}
   * @param file the image's name, for messages
   * @return a reader
   * @throws FormatException when the superblock or a table is malformed, or the compressor is one
   *     mkddi cannot decompress
   * @throws IOException on a read failure
   */
  public static SquashfsReader open(FileChannel ch, long offset, String file) throws IOException {
    ByteBuffer b = LittleEndian.allocate(SUPERBLOCK_SIZE);
    try {
      PositionalIo.readFully(ch, b, offset);
    } catch (EOFException e) {
      throw new FormatException(file, 0, "superblock", "the file is shorter than 96 bytes");
    }
    Superblock sb = Superblock.decode(b.flip(), file);
    long available = ch.size() - offset;
    if (available < sb.bytesUsed()) {
      throw new FormatException(
          file,
          SB_BYTES_USED,
          "bytes_used",
          "the image is truncated: " + sb.bytesUsed() + " bytes used, " + available + " present");
    }
    SquashfsCompressor c =
        SquashfsCompressor.ofId(sb.compression())
            .orElseThrow(
                () ->
                    new FormatException(
                        file,
                        SB_COMPRESSION,
                        "compression",
                        "expected 1 to 6, got " + sb.compression()));
    BlockDecoder d;
    try {
      d = Codecs.decompressor(c);
    } catch (IOException e) {
      throw new FormatException(
          file, SB_COMPRESSION, "compression", String.valueOf(e.getMessage()));
    }
    byte[] options = new byte[0];
    if (sb.has(FLAG_COMP_OPT)) {
      MetadataReader m = new MetadataReader(ch, offset, sb.bytesUsed(), file, d);
      ByteBuffer h = LittleEndian.allocate(METADATA_HEADER);
      PositionalIo.readFully(ch, h, offset + SUPERBLOCK_SIZE);
      int length = Short.toUnsignedInt(h.getShort(0)) & ~METADATA_UNCOMPRESSED;
      options = m.read(new MetadataReader.Cursor(SUPERBLOCK_SIZE, 0), length);
    }
    return new SquashfsReader(ch, offset, file, sb, options, d);
  }

  /**
   * @return the superblock
   */
  public Superblock superblock() {
    return sb;
  }

  /**
   * @return the compressor options stored after the superblock (empty when none)
   */
  public byte[] compressorOptions() {
    return options.clone();
  }

  /**
   * @return the uid/gid table
   */
  public long[] ids() {
    return ids.clone();
  }

  /**
   * @param ref an inode reference
   * @return the inode
   * @throws IOException when it is malformed or cannot be read
   */
  public SquashfsInode inode(long ref) throws IOException {
    MetadataReader.Cursor at =
        new MetadataReader.Cursor(sb.inodeTable() + (ref >>> 16), (int) (ref & 0xFFFF));
    return SquashfsInode.read(meta, at, ref, ids, sb.blockSize(), file);
  }

  /**
   * @return the root directory's inode
   * @throws IOException when it is malformed or cannot be read
   */
  public SquashfsInode root() throws IOException {
    return inode(sb.rootInode());
  }

  /**
   * @param dir a directory inode
   * @return its entries, in stored order
   * @throws IOException when the listing is malformed
   */
  public List<Entry> list(SquashfsInode dir) throws IOException {
    if (dir.basicType() != DIR_TYPE) {
      throw new IllegalArgumentException("not a directory: inode " + dir.number());
    }
    MetadataReader.Cursor at =
        new MetadataReader.Cursor(sb.directoryTable() + dir.start(), dir.offset());
    long left = dir.size() - DIR_SIZE_EXTRA;
    List<Entry> out = new ArrayList<>();
    while (left > 0) {
      long position = at.block;
      ByteBuffer h = meta.buffer(at, DIR_HEADER_SIZE);
      long count = Integer.toUnsignedLong(h.getInt()) + 1;
      long block = Integer.toUnsignedLong(h.getInt());
      long number = Integer.toUnsignedLong(h.getInt());
      left -= DIR_HEADER_SIZE;
      if (count > DIR_COUNT) {
        throw new FormatException(
            file, position, "directory header count", "expected 1 to 256, got " + count);
      }
      for (long i = 0; i < count; i++) {
        ByteBuffer e = meta.buffer(at, DIR_ENTRY_SIZE);
        int offset = Short.toUnsignedInt(e.getShort());
        int delta = e.getShort();
        int type = Short.toUnsignedInt(e.getShort());
        int length = Short.toUnsignedInt(e.getShort()) + 1;
        if (length > 256) {
          throw new FormatException(
              file, position, "directory entry name size", "expected 1 to 256, got " + length);
        }
        byte[] name = meta.read(at, length);
        left -= DIR_ENTRY_SIZE + length;
        try {
          out.add(new Entry(new Name(name), (block << 16) | offset, number + delta, type));
        } catch (IllegalArgumentException bad) {
          throw new FormatException(
              file, position, "directory entry name", String.valueOf(bad.getMessage()));
        }
      }
    }
    if (left < 0) {
      throw new FormatException(
          file, dir.start(), "directory size", "listing overruns the size by " + -left);
    }
    return out;
  }

  /**
   * @param path an absolute path, e.g. {@code /usr/bin/sh}
   * @return its inode (symlinks not followed), or empty when it does not exist
   * @throws IOException when something on the way is malformed
   */
  public Optional<SquashfsInode> lookup(String path) throws IOException {
    SquashfsInode at = root();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (at.basicType() != DIR_TYPE) {
        return Optional.empty();
      }
      Optional<Entry> e = list(at).stream().filter(x -> x.name().equals(Name.of(part))).findFirst();
      if (e.isEmpty()) {
        return Optional.empty();
      }
      at = inode(e.get().ref());
    }
    return Optional.of(at);
  }

  /**
   * Streams a regular file's contents.
   *
   * @param f a regular file's inode
   * @param out receives the bytes
   * @throws IOException when a block is malformed or cannot be read
   */
  public void read(SquashfsInode f, OutputStream out) throws IOException {
    int blockSize = sb.blockSize();
    byte[] raw = new byte[blockSize];
    byte[] plain = new byte[blockSize];
    long position = f.start();
    long left = f.size();
    for (int word : f.blockSizes()) {
      int expect = (int) Math.min(blockSize, left);
      if (word == 0) {
        out.write(new byte[expect]);
      } else {
        int stored = word & ~DATA_UNCOMPRESSED;
        if (stored < 0 || stored > blockSize || position + stored > sb.bytesUsed()) {
          throw new FormatException(
              file, position, "data block size", "expected up to " + blockSize + ", got " + stored);
        }
        int n = block(position, stored, (word & DATA_UNCOMPRESSED) == 0, raw, plain);
        if (n != expect) {
          throw new FormatException(
              file, position, "data block", "expected " + expect + " bytes, got " + n);
        }
        out.write(plain, 0, n);
        position += stored;
      }
      left -= expect;
    }
    if (left > 0) {
      if (f.fragment() == INVALID_FRAG || left >= blockSize) {
        throw new FormatException(
            file, f.start(), "file blocks", left + " bytes of the file are in no block");
      }
      int n = fragment(f.fragment(), raw);
      if (f.fragmentOffset() < 0 || f.fragmentOffset() + left > n) {
        throw new FormatException(
            file,
            f.start(),
            "fragment",
            "tail of " + left + " bytes at " + f.fragmentOffset() + " is past its " + n + " bytes");
      }
      out.write(fragmentBytes, f.fragmentOffset(), (int) left);
    }
  }

  /** Decompresses a fragment block into {@link #fragmentBytes}, keeping the last one. */
  private int fragment(int index, byte[] raw) throws IOException {
    if (index == cachedFragment) {
      return fragmentLength;
    }
    ByteBuffer entry =
        tableEntry(
            sb.fragmentTable(),
            sb.fragments(),
            Integer.toUnsignedLong(index),
            FRAGMENT_ENTRY_SIZE,
            "fragment table");
    long start = entry.getLong();
    int word = entry.getInt();
    int stored = word & ~DATA_UNCOMPRESSED;
    int blockSize = sb.blockSize();
    if (stored < 0
        || stored > blockSize
        || start < SUPERBLOCK_SIZE
        || start + stored > sb.bytesUsed()) {
      throw new FormatException(
          file, start, "fragment block", "size " + stored + " at " + start + " is out of range");
    }
    if (fragmentBytes.length < blockSize) {
      fragmentBytes = new byte[blockSize];
    }
    cachedFragment = -1;
    fragmentLength = block(start, stored, (word & DATA_UNCOMPRESSED) == 0, raw, fragmentBytes);
    cachedFragment = index;
    return fragmentLength;
  }

  /**
   * @param f a regular file's inode
   * @return its contents
   * @throws IOException when a block is malformed or cannot be read
   */
  public byte[] read(SquashfsInode f) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    read(f, out);
    return out.toByteArray();
  }

  private int block(long position, int stored, boolean compressed, byte[] raw, byte[] plain)
      throws IOException {
    ByteBuffer b = ByteBuffer.wrap(raw, 0, stored);
    try {
      PositionalIo.readFully(ch, b, base + position);
    } catch (EOFException e) {
      throw new FormatException(file, position, "data block", "the file ends inside it");
    }
    if (!compressed) {
      System.arraycopy(raw, 0, plain, 0, stored);
      return stored;
    }
    try {
      return decompressor.decompress(raw, 0, stored, plain, sb.blockSize());
    } catch (IOException e) {
      throw new FormatException(file, position, "data block", String.valueOf(e.getMessage()));
    }
  }

  /**
   * @param inode an inode
   * @return its extended attributes, in stored order
   * @throws IOException when the xattr tables are malformed
   */
  public List<Xattr> xattrs(SquashfsInode inode) throws IOException {
    if (!inode.hasXattrs()) {
      return List.of();
    }
    if (sb.xattrIdTable() == INVALID_BLOCK) {
      throw new FormatException(file, SB_XATTR_ID_TABLE, "xattr_id_table_start", "missing");
    }
    ByteBuffer h = LittleEndian.allocate(XATTR_TABLE_HEADER_SIZE);
    readAt(h, sb.xattrIdTable(), "xattr id table header");
    long kv = h.getLong(0);
    long count = Integer.toUnsignedLong(h.getInt(8));
    ByteBuffer id =
        tableEntry(
            sb.xattrIdTable() + XATTR_TABLE_HEADER_SIZE,
            count,
            Integer.toUnsignedLong(inode.xattr()),
            XATTR_ID_SIZE,
            "xattr id table");
    long ref = id.getLong();
    long n = Integer.toUnsignedLong(id.getInt());
    MetadataReader.Cursor at = new MetadataReader.Cursor(kv + (ref >>> 16), (int) (ref & 0xFFFF));
    // no capacity from the count: each entry must be read from the metadata, which ends
    List<Xattr> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      long position = at.block;
      ByteBuffer e = meta.buffer(at, XATTR_ENTRY_SIZE);
      int type = Short.toUnsignedInt(e.getShort());
      int length = Short.toUnsignedInt(e.getShort());
      int prefix = type & XATTR_PREFIX_MASK;
      if (prefix >= XATTR_PREFIXES.length) {
        throw new FormatException(file, position, "xattr type", "expected 0 to 2, got " + prefix);
      }
      String name =
          XATTR_PREFIXES[prefix] + new String(meta.read(at, length), StandardCharsets.UTF_8);
      int vsize = meta.buffer(at, XATTR_VAL_SIZE).getInt();
      byte[] value;
      if ((type & XATTR_VALUE_OOL) != 0) {
        if (vsize != XATTR_OOL_SIZE) {
          throw new FormatException(
              file, position, "xattr value reference", "expected 8 bytes, got " + vsize);
        }
        long target = meta.buffer(at, XATTR_OOL_SIZE).getLong();
        MetadataReader.Cursor v =
            new MetadataReader.Cursor(kv + (target >>> 16), (int) (target & 0xFFFF));
        value = value(v, position);
      } else {
        value = readValue(at, vsize, position);
      }
      try {
        out.add(new Xattr(name, value));
      } catch (IllegalArgumentException bad) {
        throw new FormatException(file, position, "xattr", String.valueOf(bad.getMessage()));
      }
    }
    return out;
  }

  private byte[] value(MetadataReader.Cursor at, long position) throws IOException {
    return readValue(at, meta.buffer(at, XATTR_VAL_SIZE).getInt(), position);
  }

  private byte[] readValue(MetadataReader.Cursor at, int vsize, long position) throws IOException {
    if (vsize < 0 || vsize > Xattr.MAX_VALUE_SIZE) {
      throw new FormatException(
          file, position, "xattr value size", "expected 0 to 65536, got " + vsize);
    }
    return meta.read(at, vsize);
  }

  /**
   * @return the export table: the reference of inode {@code n} at index {@code n - 1}
   * @throws IOException when it is missing or malformed
   */
  public long[] exportTable() throws IOException {
    if (sb.lookupTable() == INVALID_BLOCK) {
      throw new FormatException(file, SB_LOOKUP_TABLE, "lookup_table_start", "no export table");
    }
    if (sb.inodes() > Integer.MAX_VALUE) {
      throw new FormatException(
          file, SB_INODES, "inodes", sb.inodes() + " is too many for an export table");
    }
    ByteBuffer b = table(sb.lookupTable(), (int) sb.inodes(), LOOKUP_ENTRY_SIZE, "export table");
    long[] refs = new long[(int) sb.inodes()];
    for (int i = 0; i < refs.length; i++) {
      refs[i] = b.getLong();
    }
    return refs;
  }

  /** Every entry of an indexed table. */
  private ByteBuffer table(long indexAt, int count, int entrySize, String what) throws IOException {
    long bytes = (long) count * entrySize;
    if (bytes > Integer.MAX_VALUE) {
      throw new FormatException(file, indexAt, what, count + " entries is too many");
    }
    long blocks = (bytes + METADATA_SIZE - 1) / METADATA_SIZE;
    if (indexAt < 0 || blocks * 8 > sb.bytesUsed() - indexAt) {
      // the index holds one position per metadata block and must lie inside the image
      throw new FormatException(
          file,
          indexAt,
          what,
          count + " entries need an index of " + blocks * 8 + " bytes, past the image's end");
    }
    ByteBuffer index = LittleEndian.allocate((int) blocks * 8);
    readAt(index, indexAt, what + " index");
    ByteBuffer out = LittleEndian.allocate((int) bytes);
    for (int i = 0; i < blocks; i++) {
      int n = (int) Math.min(METADATA_SIZE, bytes - (long) i * METADATA_SIZE);
      out.put(meta.read(new MetadataReader.Cursor(index.getLong(i * 8), 0), n));
    }
    return out.flip();
  }

  /** One entry of an indexed table whose index starts at {@code indexAt}. */
  private ByteBuffer tableEntry(long indexAt, long count, long i, int entrySize, String what)
      throws IOException {
    if (i < 0 || i >= count) {
      throw new FormatException(
          file, indexAt, what, "entry " + i + " requested, the table has " + count);
    }
    long offset = i * entrySize;
    ByteBuffer slot = LittleEndian.allocate(8);
    readAt(slot, indexAt + offset / METADATA_SIZE * 8, what + " index");
    return meta.buffer(
        new MetadataReader.Cursor(slot.getLong(0), (int) (offset % METADATA_SIZE)), entrySize);
  }

  private void readAt(ByteBuffer b, long position, String what) throws IOException {
    if (position < SUPERBLOCK_SIZE || position + b.remaining() > sb.bytesUsed()) {
      throw new FormatException(file, position, what, "out of the image (" + sb.bytesUsed() + ")");
    }
    PositionalIo.readFully(ch, b, base + position);
  }

  /** Frees the decompressor's native memory. */
  @Override
  public void close() {
    decompressor.close();
  }
}
