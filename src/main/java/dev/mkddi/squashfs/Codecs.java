package dev.mkddi.squashfs;

import java.io.IOException;

/**
 * Makes the compressor of each algorithm, for data or metadata blocks, and its compressor options
 * block; and the decompressor for reading. Stateless.
 */
final class Codecs {
  private Codecs() {}

  /**
   * @param c the compression settings
   * @param blockSize the data block size
   * @param data whether the compressor is for data blocks (else metadata: xz then uses an 8 KiB
   *     dictionary and no BCJ filter, as mksquashfs does)
   * @return a new compressor for one thread
   */
  static BlockEncoder compressor(SquashfsCompression c, int blockSize, boolean data) {
    return switch (c.compressor()) {
      case GZIP -> new GzipCodec.Encoder(c.effectiveLevel());
      case XZ ->
          new XzCodec.Encoder(
              c.effectiveLevel(),
              c.level().isPresent(),
              data ? c.dictionaryFor(blockSize) : XzCodec.METADATA_DICTIONARY,
              data ? c.filters() : java.util.List.of(),
              data && c.level().isEmpty());
      case ZSTD -> new ZstdCodec.Encoder(c.effectiveLevel(), blockSize);
      case LZ4 -> new Lz4Codec.Encoder(c);
      case LZO, LZMA ->
          throw new IllegalArgumentException(c.compressor().label() + " cannot be written");
    };
  }

  /**
   * @param c the compression settings
   * @param blockSize the data block size
   * @return the compressor options stored after the superblock, empty when mksquashfs would store
   *     none
   */
  static byte[] options(SquashfsCompression c, int blockSize) {
    return switch (c.compressor()) {
      case GZIP -> GzipCodec.options(c);
      case XZ -> XzCodec.options(c, blockSize);
      case ZSTD -> ZstdCodec.options(c);
      case LZ4 -> Lz4Codec.options(c);
      case LZO, LZMA ->
          throw new IllegalArgumentException(c.compressor().label() + " cannot be written");
    };
  }

  /**
   * @param compressor the image's compressor
   * @return a new decompressor
   * @throws IOException when mkddi cannot decompress this algorithm
   */
  static BlockDecoder decompressor(SquashfsCompressor compressor) throws IOException {
    return switch (compressor) {
      case GZIP -> new GzipCodec.Decoder();
      case XZ -> new XzCodec.Decoder();
      case ZSTD -> new ZstdCodec.Decoder();
      case LZ4 -> new Lz4Codec.Decoder();
      case LZO, LZMA -> throw new IOException(compressor.label() + " is not supported");
    };
  }
}
