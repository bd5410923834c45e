package dev.mkddi.compress;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.LZMAInputStream;

/**
 * Decodes MicroLZMA blocks (see {@link MicroLzmaCompressor}) through xz-java's raw LZMA decoder:
 * the first byte gives the properties and is a 0 for the range decoder. Stateless.
 */
public final class MicroLzmaDecompressor {
  private MicroLzmaDecompressor() {}

  /**
   * @param src the compressed block
   * @param srcOff where it starts
   * @param srcLen its exact length
   * @param dst the output
   * @param dstOff where the output starts
   * @param dstLen the exact decoded size
   * @param dictSize the dictionary size the block was made with
   * @throws CompressedDataException when the block is malformed or too short
   */
  public static void decompress(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen, int dictSize)
      throws CompressedDataException {
    if (srcLen < 1) {
      throw new CompressedDataException("MicroLZMA block: empty");
    }
    byte[] raw = new byte[srcLen];
    System.arraycopy(src, srcOff, raw, 0, srcLen);
    byte props = (byte) ~raw[0];
    raw[0] = 0;
    try (InputStream in =
        new LZMAInputStream(new ByteArrayInputStream(raw), dstLen, props, dictSize)) {
      int n = 0;
      while (n < dstLen) {
        int got = in.read(dst, dstOff + n, dstLen - n);
        if (got < 0) {
          throw new EOFException("ends after " + n + " of " + dstLen + " bytes");
        }
        n += got;
      }
    } catch (IOException e) {
      throw new CompressedDataException("MicroLZMA block: " + e.getMessage(), e);
    }
  }
}
