package dev.mkddi.compress;

/**
 * Compresses blocks independently of each other. An instance keeps work tables between calls, so it
 * is not thread-safe: use one per thread. The output of a call depends only on its input and the
 * compressor's settings, never on earlier calls. {@link #close()} releases native memory where a
 * compressor holds some.
 */
public interface BlockCompressor extends AutoCloseable {
  /**
   * Compresses {@code src[srcOff, srcOff + srcLen)} into {@code dst} from {@code dstOff}.
   *
   * @param src the input
   * @param srcOff first input byte
   * @param srcLen input bytes
   * @param dst the output buffer
   * @param dstOff where the output starts
   * @param dstCapacity at most this many bytes are written
   * @return the compressed length, or -1 when it would exceed {@code dstCapacity} (the contents of
   *     {@code dst} are then undefined)
   */
  int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity);

  /**
   * Compresses as long a prefix of {@code src[srcOff, srcOff + srcLen)} as fits into {@code
   * dstSize} bytes. The output decodes to exactly the consumed prefix.
   *
   * @param src the input
   * @param srcOff first input byte
   * @param srcLen input bytes available
   * @param dst the output buffer
   * @param dstOff where the output starts
   * @param dstSize at most this many bytes are written
   * @return how much input was consumed and how many bytes were written (both 0 when nothing fits)
   */
  Fit compressToFit(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstSize);

  /** Releases what the compressor holds outside the Java heap; it is unusable afterwards. */
  @Override
  default void close() {}
}
