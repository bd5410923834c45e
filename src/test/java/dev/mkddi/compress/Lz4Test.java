package dev.mkddi.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Lz4Test {
  private static final int[] LENGTHS = {
    0, 1, 5, 12, 13, 14, 17, 100, 4095, 4096, 4097, 65536, 200_000
  };

  static Stream<Arguments> compressors() {
    return Stream.of(
        Arguments.of("fast", new Lz4Compressor()),
        Arguments.of("hc1", new Lz4HcCompressor(1)),
        Arguments.of("hc9", new Lz4HcCompressor(9)),
        Arguments.of("hc12", new Lz4HcCompressor(12)));
  }

  private static byte[] decode(byte[] block, int length, int size) throws CompressedDataException {
    byte[] out = new byte[size];
    int n = Lz4Decompressor.decompress(block, 0, length, out, 0, size);
    assertEquals(size, n);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressors")
  void testCompress_roundTripsEveryKindAndLength(String name, BlockCompressor c) throws Exception {
    long seed = 20260101L;
    for (TestData.Kind kind : TestData.Kind.values()) {
      for (int length : LENGTHS) {
        byte[] in = TestData.make(kind, length, seed + length);
        byte[] out = new byte[length + length / 255 + 16];
        int n = c.compress(in, 0, length, out, 0, out.length);
        String what = name + " " + kind + " " + length + " seed " + (seed + length);
        assertTrue(n > 0, what);
        assertArrayEquals(in, decode(out, n, length), what);
        // exactly the needed capacity works, one byte less does not
        assertEquals(n, c.compress(in, 0, length, new byte[n], 0, n), what);
        assertEquals(-1, c.compress(in, 0, length, new byte[n], 0, n - 1), what);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressors")
  void testCompress_sameOutputWhateverCameBefore(String name, BlockCompressor c) {
    byte[] in = TestData.make(TestData.Kind.MIXED, 50_000, 5);
    byte[] first = new byte[60_000];
    int n = c.compress(in, 0, in.length, first, 0, first.length);
    for (int i = 0; i < 3; i++) {
      byte[] other = TestData.make(TestData.Kind.TEXT, 30_000, i);
      c.compress(other, 0, other.length, new byte[40_000], 0, 40_000);
    }
    byte[] again = new byte[60_000];
    assertEquals(n, c.compress(in, 0, in.length, again, 0, again.length), name);
    assertArrayEquals(first, again, name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressors")
  void testCompressToFit_decodesToTheConsumedPrefix(String name, BlockCompressor c)
      throws Exception {
    Random rnd = new Random(77);
    for (TestData.Kind kind : TestData.Kind.values()) {
      for (int round = 0; round < 16; round++) {
        long seed = rnd.nextLong();
        int length = 1 + rnd.nextInt(70_000);
        int dstSize = 1 + rnd.nextInt(round % 2 == 0 ? 300 : 9000);
        byte[] in = TestData.make(kind, length, seed);
        int from = rnd.nextInt(50);
        byte[] padded = new byte[from + length];
        System.arraycopy(in, 0, padded, from, length);
        byte[] out = new byte[dstSize + 7];
        Fit fit = c.compressToFit(padded, from, length, out, 7, dstSize);
        String what = name + " " + kind + " length " + length + " dst " + dstSize + " seed " + seed;
        assertTrue(fit.written() <= dstSize, what + ": wrote " + fit.written());
        assertTrue(fit.consumed() <= length, what);
        if (fit.consumed() > 0) {
          byte[] block = Arrays.copyOfRange(out, 7, 7 + fit.written());
          assertArrayEquals(
              Arrays.copyOf(in, fit.consumed()), decode(block, block.length, fit.consumed()), what);
        }
        // with room for the whole input, all of it is consumed
        if (dstSize >= length + length / 255 + 16) {
          assertEquals(length, fit.consumed(), what);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"ZEROS, 4096, 60000", "TEXT, 4096, 9000", "RANDOM, 4096, 4070"})
  void testCompressToFit_fillsTheBudget(TestData.Kind kind, int dstSize, int atLeast) {
    byte[] in = TestData.make(kind, 1 << 20, 3);
    for (BlockCompressor c : new BlockCompressor[] {new Lz4Compressor(), new Lz4HcCompressor(9)}) {
      Fit fit = c.compressToFit(in, 0, in.length, new byte[dstSize], 0, dstSize);
      assertTrue(fit.consumed() >= atLeast, kind + " " + c + ": consumed " + fit.consumed());
      assertTrue(fit.written() > dstSize - 20, kind + " " + c + ": wrote " + fit.written());
    }
  }

  @Test
  void testLiteralsThatFit_largestFinalSequenceWithinTheRoom() {
    // the final sequence of n literals takes a token, its length bytes and the literals
    for (int room = 0; room <= 70_000; room++) {
      int n = Lz4Format.literalsThatFit(room);
      int cost = 1 + Lz4Format.lengthBytes(n) + n;
      int more = 2 + Lz4Format.lengthBytes(n + 1) + n;
      assertTrue(n == 0 || cost <= room, "room " + room + ": " + n + " literals take " + cost);
      assertTrue(more > room, "room " + room + ": " + (n + 1) + " literals fit too");
    }
  }

  @Test
  void testHc_compressesBetterThanFast() {
    byte[] in = TestData.make(TestData.Kind.TEXT, 200_000, 11);
    byte[] out = new byte[300_000];
    int fast = new Lz4Compressor().compress(in, 0, in.length, out, 0, out.length);
    int hc = new Lz4HcCompressor(9).compress(in, 0, in.length, out, 0, out.length);
    assertTrue(hc < fast * 0.9, "hc " + hc + " fast " + fast);
  }

  @Test
  void testHc_takesTheLongerMatchOneByteLater() {
    // at the second 'Q' "Qbcde" matches 5 bytes; one byte later "bcd…z" matches 25
    String text = "Qbcde0123456789abcdefghijklmnopqrstuvwxyz!!!!Qbcdefghijklmnopqrstuvwxyz~~~~~~~~";
    byte[] in = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int level : new int[] {3, 9, 12}) {
      byte[] out = new byte[in.length * 2];
      int n = new Lz4HcCompressor(level).compress(in, 0, in.length, out, 0, out.length);
      int offset = text.lastIndexOf("bcdefghij") - text.indexOf("bcdefghij");
      assertTrue(
          sequences(out, n).stream().anyMatch(q -> q[1] == offset && q[2] == 25),
          "level " + level + ": " + sequences(out, n).stream().map(Arrays::toString).toList());
    }
  }

  @Test
  void testHcFit_repeatedPatternsRoundTrip() throws Exception {
    // runs of 1- to 5-byte patterns (the hash chains of a run are one step apart) between text
    long seed = Long.getLong("mkddi.lz4.seed", 20261206L);
    Random rnd = new Random(seed);
    for (int round = 0; round < 40; round++) {
      byte[] in = new byte[1 + rnd.nextInt(100_000)];
      for (int i = 0; i < in.length; ) {
        int piece = Math.min(in.length - i, 1 + rnd.nextInt(rnd.nextBoolean() ? 70_000 : 300));
        if (rnd.nextInt(3) == 0) {
          System.arraycopy(
              TestData.make(TestData.Kind.TEXT, piece, rnd.nextLong()), 0, in, i, piece);
        } else {
          byte[] pattern = new byte[1 + rnd.nextInt(5)];
          rnd.nextBytes(pattern);
          for (int j = 0; j < piece; j++) {
            in[i + j] = pattern[j % pattern.length];
          }
        }
        i += piece;
      }
      int level = 1 + rnd.nextInt(Lz4HcCompressor.MAX_LEVEL);
      int dstSize = 4096 * (1 + rnd.nextInt(4));
      byte[] out = new byte[dstSize];
      Fit fit = new Lz4HcCompressor(level).compressToFit(in, 0, in.length, out, 0, dstSize);
      String what =
          "seed "
              + seed
              + " (-Dmkddi.lz4.seed) round "
              + round
              + " level "
              + level
              + " length "
              + in.length
              + " dst "
              + dstSize;
      assertTrue(fit.consumed() > 0 && fit.written() <= dstSize, what);
      assertArrayEquals(
          Arrays.copyOf(in, fit.consumed()), decode(out, fit.written(), fit.consumed()), what);
      if (fit.consumed() < in.length) {
        assertTrue(fit.written() > dstSize - 16, what + ": wrote " + fit.written());
      }
    }
  }

  /**
   * A token's length field: 15 continues in bytes that add up while they are 255.
   *
   * @return the length and the index after its bytes
   */
  private static int[] length(byte[] block, int p, int nibble) {
    int n = nibble;
    if (nibble == 15) {
      int b;
      do {
        b = block[p++] & 0xFF;
        n += b;
      } while (b == 255);
    }
    return new int[] {n, p};
  }

  /** The sequences of a block: literals, offset and match length (0 and 0 for the last). */
  private static List<int[]> sequences(byte[] block, int length) {
    List<int[]> list = new ArrayList<>();
    int p = 0;
    while (p < length) {
      int token = block[p++] & 0xFF;
      int[] lit = length(block, p, token >>> 4);
      int literals = lit[0];
      p = lit[1] + literals;
      if (p >= length) {
        list.add(new int[] {literals, 0, 0});
        break;
      }
      int offset = (block[p] & 0xFF) | (block[p + 1] & 0xFF) << 8;
      p += 2;
      int[] m = length(block, p, token & 15);
      int match = m[0];
      p = m[1];
      list.add(new int[] {literals, offset, match + 4});
    }
    return list;
  }

  @Test
  void testHc_levelAboveTwelveRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Lz4HcCompressor(13));
    assertEquals(Lz4HcCompressor.DEFAULT_LEVEL, new Lz4HcCompressor(0).level());
  }

  @ParameterizedTest
  @CsvSource({
    "'', 8, empty block",
    "10616263, 8, last literal run of 1 bytes does not end the block",
    "40616263640000507071727374, 32, match offset 0 before the output start",
    "40616263640500507071727374, 32, match offset 5 before the output start",
    "506162636465, 4, output exceeds the capacity of 4 bytes",
    "4f616263640100ffffffffffff, 2000, block ends inside a length",
    "f0, 40, block ends inside a length",
    "4f61626364010005507071727374, 30, match ends within the last 5 bytes",
  })
  void testDecompress_malformedBlocksRefused(String hex, int capacity, String message) {
    byte[] block = HexFormat.of().parseHex(hex);
    CompressedDataException e =
        assertThrows(
            CompressedDataException.class,
            () ->
                Lz4Decompressor.decompress(
                    block, 0, block.length, new byte[capacity], 0, capacity));
    assertTrue(e.getMessage().startsWith("LZ4 block: offset "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void testDecompress_overlappingMatch() throws Exception {
    // "ab" then a match of 18 at offset 2, then 5 literals
    byte[] block = HexFormat.of().parseHex("2e61620200507071727374");
    byte[] out = new byte[25];
    assertEquals(25, Lz4Decompressor.decompress(block, 0, block.length, out, 0, 25));
    assertEquals(
        "ababababababababababpqrst", new String(out, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
