package dev.mkddi.tree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** The compressions a tar archive may come in, recognized by their magic bytes. */
enum Compression {
  /** A plain tar. */
  NONE(new byte[0]),
  /** gzip (RFC 1952), possibly several members. */
  GZIP(new byte[] {0x1f, (byte) 0x8b}),
  /** xz. */
  XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
  /** Zstandard. */
  ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
  /** bzip2. */
  BZIP2(new byte[] {'B', 'Z', 'h'});

  private static final int MAGIC_MAX = 6;
  private final byte[] magic;

  Compression(byte[] magic) {
    this.magic = magic;
  }

  /**
   * @param file an archive
   * @return its compression, {@link #NONE} when no known magic matches
   * @throws IOException when the file cannot be read
   */
  static Compression detect(Path file) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(MAGIC_MAX);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // fill what the file has
      }
    }
    for (Compression c : values()) {
      if (c != NONE
          && head.position() >= c.magic.length
          && java.util.Arrays.equals(head.array(), 0, c.magic.length, c.magic, 0, c.magic.length)) {
        return c;
      }
    }
    return NONE;
  }

  /**
   * @param in the compressed bytes
   * @return a stream of the decompressed bytes
   * @throws IOException when the stream header is invalid
   */
  InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP ->
          GzipCompressorInputStream.builder()
              .setInputStream(in)
              .setDecompressConcatenated(true)
              .get();
      case XZ -> new XZCompressorInputStream(in, true);
      case ZSTD -> new ZstdCompressorInputStream(in);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
    };
  }

  /**
   * @return the lower-case name for messages
   */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
