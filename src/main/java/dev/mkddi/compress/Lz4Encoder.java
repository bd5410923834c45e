package dev.mkddi.compress;

/**
 * What the two LZ4 encoders share: a block is parsed into sequences written by an {@link
 * Lz4Writer}, which either fails past the capacity or shortens the block to the budget. Not
 * thread-safe.
 */
abstract class Lz4Encoder implements BlockCompressor {
  @Override
  public final int compress(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCapacity) {
    Lz4Writer w = new Lz4Writer(src, dst, dstOff, dstCapacity, false);
    int end = run(src, srcOff, srcLen, w);
    return end < 0 ? -1 : w.position() - dstOff;
  }

  @Override
  public final Fit compressToFit(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstSize) {
    Lz4Writer w = new Lz4Writer(src, dst, dstOff, dstSize, true);
    int consumed = run(src, srcOff, srcLen, w) - srcOff;
    return consumed == 0 ? Fit.NONE : new Fit(consumed, w.position() - dstOff);
  }

  /**
   * Parses one block.
   *
   * @return the input index after the last byte encoded, or -1 on overflow (not fit mode)
   */
  abstract int run(byte[] src, int off, int len, Lz4Writer w);
}
