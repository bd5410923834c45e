package dev.mkddi.initrd;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The compressions the kernel accepts for an initramfs (CONFIG_RD_*), by their magic numbers.
 * dracut and initramfs-tools write zstd by default on Debian 12 and Fedora; gzip and xz are common;
 * bzip2, lzma, lzo and lz4 are options of both. lz4 is read in the legacy frame format the kernel
 * reads, with mkddi's own LZ4 decoder ({@code dev.mkddi.compress}). lzo is recognised but not
 * decompressed: no distribution defaults to it and no library here reads it.
 */
public enum InitrdCompression {
  /** An uncompressed cpio archive. */
  NONE(new byte[] {'0', '7', '0', '7', '0'}),
  /** gzip, also several concatenated members. */
  GZIP(new byte[] {0x1f, (byte) 0x8b}),
  /** xz. */
  XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
  /** The legacy .lzma ("LZMA alone") format with the usual properties byte 0x5d. */
  LZMA(new byte[] {0x5d, 0, 0}),
  /** zstd frames. */
  ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
  /** bzip2. */
  BZIP2(new byte[] {'B', 'Z', 'h'}),
  /** LZ4's legacy frame format, which the kernel's unlz4 reads (lz4 -l). */
  LZ4_LEGACY(new byte[] {0x02, 0x21, 0x4c, 0x18}),
  /** lzop. */
  LZO(new byte[] {(byte) 0x89, 'L', 'Z', 'O'});

  /** The longest magic: how many bytes {@link #detect} looks at. */
  static final int MAGIC_MAX = 6;

  private final byte[] magic;

  InitrdCompression(byte[] magic) {
    this.magic = magic;
  }

  /**
   * @param head the first bytes of a stream (at least {@link #MAGIC_MAX} unless it is shorter)
   * @param length how many bytes of {@code head} are valid
   * @return the compression whose magic starts {@code head}
   */
  static Optional<InitrdCompression> detect(byte[] head, int length) {
    for (InitrdCompression c : values()) {
      if (length >= c.magic.length
          && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * @param in the compressed stream, positioned at the magic
   * @return the decompressed stream
   * @throws UnsupportedCompressionException for LZO
   * @throws IOException when the stream's header is unreadable, or an xz or lzma stream needs more
   *     than {@link InitrdConstants#MAX_DICTIONARY_KIB} KiB to decompress
   */
  InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case XZ -> new XZInputStream(in, InitrdConstants.MAX_DICTIONARY_KIB);
      case LZMA -> new LZMAInputStream(in, InitrdConstants.MAX_DICTIONARY_KIB);
      case ZSTD -> new ZstdInputStream(in);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case LZ4_LEGACY -> new Lz4LegacyInputStream(in);
      case LZO -> throw new UnsupportedCompressionException(this);
    };
  }

  /**
   * @return the name users know, as the tools spell it ({@code zstd}, {@code lz4})
   */
  public String displayName() {
    return switch (this) {
      case LZ4_LEGACY -> "lz4";
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
