package dev.mkddi.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DEFLATE, MicroLZMA and zstd: round trips, fixed-size output, a nonzero first byte. */
class FixedSizeCompressorsTest {
  private static final int DICT = 1 << 16;

  /** Decodes a block of a known algorithm into exactly {@code size} bytes. */
  private interface Decoder {
    void decode(byte[] block, int length, byte[] out, int size) throws CompressedDataException;
  }

  static Stream<Arguments> algorithms() {
    Decoder deflate = (b, n, out, size) -> DeflateDecompressor.decompress(b, 0, n, out, 0, size);
    Decoder zstd = (b, n, out, size) -> ZstdDecompressor.decompress(b, 0, n, out, 0, size);
    Decoder lzma =
        (b, n, out, size) -> MicroLzmaDecompressor.decompress(b, 0, n, out, 0, size, DICT);
    return Stream.of(
        Arguments.of(
            "deflate1", (Supplier<BlockCompressor>) () -> new DeflateCompressor(1), deflate),
        Arguments.of(
            "deflate9", (Supplier<BlockCompressor>) () -> new DeflateCompressor(9), deflate),
        Arguments.of("zstd3", (Supplier<BlockCompressor>) () -> new ZstdCompressor(3, 15), zstd),
        Arguments.of("zstd19", (Supplier<BlockCompressor>) () -> new ZstdCompressor(19, 17), zstd),
        Arguments.of(
            "lzma6", (Supplier<BlockCompressor>) () -> new MicroLzmaCompressor(6, DICT), lzma),
        Arguments.of(
            "lzma109", (Supplier<BlockCompressor>) () -> new MicroLzmaCompressor(109, DICT), lzma));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void testCompress_roundTrips(String name, Supplier<BlockCompressor> make, Decoder decoder)
      throws Exception {
    try (BlockCompressor c = make.get()) {
      for (TestData.Kind kind : TestData.Kind.values()) {
        for (int length : new int[] {1, 100, 4096, 70_000}) {
          byte[] in = TestData.make(kind, length, length);
          byte[] out = new byte[length + 1024];
          int n = c.compress(in, 0, length, out, 0, out.length);
          String what = name + " " + kind + " " + length + " seed " + length;
          assertTrue(n > 0, what);
          assertNotEquals(0, out[0], what + ": first byte");
          byte[] back = new byte[length];
          decoder.decode(out, n, back, length);
          assertArrayEquals(in, back, what);
          assertEquals(-1, c.compress(in, 0, length, new byte[n - 1], 0, n - 1), what);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void testCompressToFit_decodesToTheConsumedPrefix(
      String name, Supplier<BlockCompressor> make, Decoder decoder) throws Exception {
    Random rnd = new Random(4242);
    try (BlockCompressor c = make.get()) {
      for (TestData.Kind kind : TestData.Kind.values()) {
        for (int dstSize : new int[] {64, 4096, 8192}) {
          long seed = rnd.nextLong();
          int length = 1 + rnd.nextInt(60_000);
          byte[] in = TestData.make(kind, length, seed);
          byte[] out = new byte[dstSize];
          Fit fit = c.compressToFit(in, 0, length, out, 0, dstSize);
          String what =
              name + " " + kind + " length " + length + " dst " + dstSize + " seed " + seed;
          assertTrue(fit.written() <= dstSize, what);
          assertTrue(fit.consumed() > 0, what + ": nothing fitted");
          assertNotEquals(0, out[0], what + ": first byte");
          byte[] back = new byte[fit.consumed()];
          decoder.decode(out, fit.written(), back, fit.consumed());
          assertArrayEquals(Arrays.copyOf(in, fit.consumed()), back, what);
          if (fit.consumed() < length && kind != TestData.Kind.RANDOM && dstSize >= 4096) {
            assertTrue(fit.written() > dstSize * 9 / 10, what + ": wrote only " + fit.written());
          }
          // the same call gives the same bytes, whatever came before
          byte[] again = new byte[dstSize];
          assertEquals(fit, c.compressToFit(in, 0, length, again, 0, dstSize), what);
          assertArrayEquals(
              Arrays.copyOf(out, fit.written()), Arrays.copyOf(again, fit.written()), what);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void testDecompress_truncatedBlockRefused(
      String name, Supplier<BlockCompressor> make, Decoder decoder) {
    byte[] in = TestData.make(TestData.Kind.TEXT, 20_000, 1);
    byte[] out = new byte[30_000];
    int n;
    try (BlockCompressor c = make.get()) {
      n = c.compress(in, 0, in.length, out, 0, out.length);
    }
    assertThrows(
        CompressedDataException.class,
        () -> decoder.decode(out, n / 2, new byte[in.length], in.length),
        name);
  }
}
