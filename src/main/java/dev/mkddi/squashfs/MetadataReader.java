package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.PositionalIo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads metadata (inodes, directories, xattrs, table entries) from an image: runs of bytes that
 * start at a metadata block (its position in the image) and an offset in its uncompressed bytes and
 * may continue into the following blocks. Recently read blocks are kept decompressed. Not
 * thread-safe.
 */
final class MetadataReader {
  /** A place in the metadata: the block's position in the image and the offset in the block. */
  static final class Cursor {
    long block;
    int offset;

    Cursor(long block, int offset) {
      this.block = block;
      this.offset = offset;
    }
  }

  /** One decompressed block and where the next one starts. */
  private record Block(byte[] bytes, int length, long next) {}

  private static final int CACHED = 64;

  private final FileChannel ch;
  private final long base;
  private final long end;
  private final String file;
  private final BlockDecoder decompressor;
  private final Map<Long, Block> cache =
      new LinkedHashMap<>(CACHED, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
          return size() > CACHED;
        }
      };

  /**
   * @param ch the image's channel
   * @param base where the image starts in {@code ch}
   * @param end the image's bytes_used
   * @param file the image's name, for messages
   * @param decompressor the image's decompressor
   */
  MetadataReader(FileChannel ch, long base, long end, String file, BlockDecoder decompressor) {
    this.ch = ch;
    this.base = base;
    this.end = end;
    this.file = file;
    this.decompressor = decompressor;
  }

  /**
   * @param at where to read; advanced past the bytes read
   * @param length how many bytes
   * @return the bytes
   * @throws FormatException when a block is malformed or the run leaves the image
   * @throws IOException on a read failure
   */
  byte[] read(Cursor at, int length) throws IOException {
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      Block b = block(at.block);
      if (at.offset > b.length || (at.offset == b.length && b.length < METADATA_SIZE)) {
        throw new FormatException(
            file,
            at.block,
            "metadata block",
            "offset " + at.offset + " is past its " + b.length + " bytes");
      }
      if (at.offset == b.length) {
        at.block = b.next;
        at.offset = 0;
        continue;
      }
      int n = Math.min(length - done, b.length - at.offset);
      System.arraycopy(b.bytes, at.offset, out, done, n);
      done += n;
      at.offset += n;
      if (at.offset == METADATA_SIZE) {
        at.block = b.next;
        at.offset = 0;
      }
    }
    return out;
  }

  /**
   * @param at where to read; advanced
   * @param length how many bytes
   * @return a little-endian buffer over them
   * @throws IOException as {@link #read(Cursor, int)}
   */
  ByteBuffer buffer(Cursor at, int length) throws IOException {
    return dev.mkddi.io.LittleEndian.wrap(read(at, length));
  }

  private Block block(long position) throws IOException {
    Block b = cache.get(position);
    if (b != null) {
      return b;
    }
    if (position < SUPERBLOCK_SIZE || position + METADATA_HEADER > end) {
      throw new FormatException(
          file, position, "metadata block", "expected a position inside the image (" + end + ")");
    }
    ByteBuffer header =
        ByteBuffer.allocate(METADATA_HEADER).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    readFully(header, position);
    int word = Short.toUnsignedInt(header.getShort(0));
    int size = word & ~METADATA_UNCOMPRESSED;
    boolean compressed = (word & METADATA_UNCOMPRESSED) == 0;
    if (size == 0 || size > METADATA_SIZE || position + METADATA_HEADER + size > end) {
      throw new FormatException(
          file,
          position,
          "metadata block length",
          "expected 1 to 8192 bytes inside the image, got " + size);
    }
    ByteBuffer raw = ByteBuffer.allocate(size);
    readFully(raw, position + METADATA_HEADER);
    byte[] bytes = new byte[METADATA_SIZE];
    int length;
    if (compressed) {
      try {
        length = decompressor.decompress(raw.array(), 0, size, bytes, METADATA_SIZE);
      } catch (IOException e) {
        throw new FormatException(file, position, "metadata block", String.valueOf(e.getMessage()));
      }
    } else {
      System.arraycopy(raw.array(), 0, bytes, 0, size);
      length = size;
    }
    b = new Block(bytes, length, position + METADATA_HEADER + size);
    cache.put(position, b);
    return b;
  }

  private void readFully(ByteBuffer b, long position) throws IOException {
    try {
      PositionalIo.readFully(ch, b, base + position);
    } catch (EOFException e) {
      throw new FormatException(file, position, "metadata block", "the file ends inside it");
    }
  }
}
