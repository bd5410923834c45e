package dev.mkddi.initrd;

import dev.mkddi.io.InvalidInputException;

/** An initrd part is compressed with a compressor mkddi recognises but cannot decompress. */
public final class UnsupportedCompressionException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  UnsupportedCompressionException(InitrdCompression compression) {
    super(
        compression.displayName()
            + "-compressed initrd: not supported (mkddi reads gzip, xz, lzma, zstd, bzip2 and lz4)");
  }
}
