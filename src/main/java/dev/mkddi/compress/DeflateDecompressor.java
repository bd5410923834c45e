package dev.mkddi.compress;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decodes raw DEFLATE blocks through the JDK's zlib. Stateless. */
public final class DeflateDecompressor {
  private DeflateDecompressor() {}

  /**
   * @param src the compressed block
   * @param srcOff where it starts
   * @param srcLen its length
   * @param dst the output
   * @param dstOff where the output starts
   * @param dstLen the exact decoded size
   * @throws CompressedDataException when the block is malformed or does not decode to exactly
   *     {@code dstLen} bytes ending the stream
   */
  public static void decompress(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CompressedDataException {
    Inflater inflater = new Inflater(true);
    try {
      // zlib wants one byte beyond a raw stream to see its end
      byte[] in = new byte[srcLen + 1];
      System.arraycopy(src, srcOff, in, 0, srcLen);
      inflater.setInput(in);
      int n = 0;
      while (n < dstLen && !inflater.finished()) {
        int got = inflater.inflate(dst, dstOff + n, dstLen - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n < dstLen) {
        throw new CompressedDataException(
            "DEFLATE block: decodes to " + n + " bytes, expected " + dstLen);
      }
      if (!inflater.finished() && inflater.inflate(new byte[1]) != 0) {
        throw new CompressedDataException(
            "DEFLATE block: decodes to more than the expected " + dstLen + " bytes");
      }
    } catch (DataFormatException e) {
      throw new CompressedDataException(
          "DEFLATE block: offset " + inflater.getBytesRead() + ": " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
