package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;

/**
 * The compression configurations that follow the superblock when {@code
 * EROFS_FEATURE_INCOMPAT_COMPR_CFGS} is set: for each algorithm in {@code available_compr_algs}, in
 * id order, a 4-byte aligned record of a le16 size and {@code struct z_erofs_lz4_cfgs} (max
 * distance, max pcluster blocks), {@code z_erofs_lzma_cfgs} (dictionary size, format 0), {@code
 * z_erofs_deflate_cfgs} (window bits) or {@code z_erofs_zstd_cfgs} (format 0, window log - 10).
 * Stateless.
 */
final class CompressionConfigs {
  private CompressionConfigs() {}

  /**
   * @param c the compression settings
   * @return the records for its algorithm (empty when none are needed)
   */
  static byte[] encode(ErofsCompression c) {
    if (!c.needsConfigs()) {
      return new byte[0];
    }
    int id = c.algorithm().id();
    int size =
        switch (id) {
          case Z_EROFS_COMPRESSION_LZ4 -> Z_EROFS_LZ4_CFGS_SIZE;
          case Z_EROFS_COMPRESSION_LZMA -> Z_EROFS_LZMA_CFGS_SIZE;
          case Z_EROFS_COMPRESSION_DEFLATE -> Z_EROFS_DEFLATE_CFGS_SIZE;
          default -> Z_EROFS_ZSTD_CFGS_SIZE;
        };
    ByteBuffer b = LittleEndian.allocate((int) MetadataLayout.align(2 + size, COMPR_CFG_ALIGN));
    b.putShort((short) size);
    switch (id) {
      case Z_EROFS_COMPRESSION_LZ4 -> {
        b.putShort((short) LZ4_MAX_DISTANCE);
        b.putShort((short) (c.pclusterSize() / BLOCK_SIZE));
      }
      case Z_EROFS_COMPRESSION_LZMA -> b.putInt(c.lzmaDictSize()).putShort((short) 0);
      case Z_EROFS_COMPRESSION_DEFLATE -> b.put((byte) DEFLATE_WINDOW_BITS);
      default -> b.put((byte) 0).put((byte) (c.zstdWindowLog() - ZSTD_WINDOWLOG_ABSOLUTEMIN));
    }
    return b.array();
  }

  /**
   * Reads the LZMA dictionary size from the configurations.
   *
   * @param block0 the first block of the image
   * @param sb its superblock
   * @param file the image, for messages
   * @return the dictionary size, or 0 when LZMA is not configured
   * @throws FormatException when a record overruns the block
   */
  static int lzmaDictSize(byte[] block0, Superblock sb, String file) throws FormatException {
    if (!sb.hasConfigs()) {
      return 0;
    }
    ByteBuffer b = LittleEndian.wrap(block0);
    int at = COMPR_CFGS_OFFSET;
    for (int alg = 0, algs = sb.u1(); algs != 0; alg++, algs >>>= 1) {
      if ((algs & 1) == 0) {
        continue;
      }
      at = (int) MetadataLayout.align(at, COMPR_CFG_ALIGN);
      if (at + 2 > block0.length) {
        throw new FormatException(file, at, "compression configuration", "beyond block 0");
      }
      int size = Short.toUnsignedInt(b.getShort(at));
      if (at + 2 + size > block0.length) {
        throw new FormatException(
            file, at, "compression configuration", size + " bytes run beyond block 0");
      }
      if (alg == Z_EROFS_COMPRESSION_LZMA) {
        return b.getInt(at + 2);
      }
      at += 2 + size;
    }
    return 0;
  }
}
