package dev.mkddi.compress;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/** Decodes zstd frames through zstd-jni. Stateless. */
public final class ZstdDecompressor {
  private ZstdDecompressor() {}

  /**
   * @param src the compressed block (one frame)
   * @param srcOff where it starts
   * @param srcLen its length
   * @param dst the output
   * @param dstOff where the output starts
   * @param dstLen the exact decoded size
   * @throws CompressedDataException when the frame is malformed or its size differs
   */
  public static void decompress(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen)
      throws CompressedDataException {
    try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
      int n = ctx.decompressByteArray(dst, dstOff, dstLen, src, srcOff, srcLen);
      if (n != dstLen) {
        throw new CompressedDataException(
            "zstd frame: decodes to " + n + " bytes, expected " + dstLen);
      }
    } catch (ZstdException e) {
      throw new CompressedDataException("zstd frame: " + e.getMessage(), e);
    }
  }
}
