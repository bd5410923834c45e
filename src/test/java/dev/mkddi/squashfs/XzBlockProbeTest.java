package dev.mkddi.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.squashfs.XzBlockProbe.Coding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

class XzBlockProbeTest {
  private static final int BLOCK = 128 * 1024;
  private static final long SEED = 20261206_1707L;

  /** The default xz encoder of data blocks, without the probe: what LZMA2 makes of a block. */
  private static int xz(byte[] block) {
    XzCodec.Encoder encoder = new XzCodec.Encoder(6, false, BLOCK, List.of(), false);
    return encoder.compress(block, 0, block.length, new byte[block.length]);
  }

  /**
   * The stream XZ for Java writes for the block with these LZMA2 options, as squashfs stores it.
   */
  private static byte[] stream(byte[] block, LZMA2Options lzma2) throws IOException {
    lzma2.setDictSize(BLOCK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new FilterOptions[] {lzma2}, XZ.CHECK_CRC32)) {
      xz.write(block);
    }
    return out.toByteArray();
  }

  /**
   * Words of 3-10 random letters from a vocabulary of {@code words}, as text: with a large
   * vocabulary many bytes are in no repeat, as in prose.
   */
  static byte[] text(Random rnd, int length, int words) {
    long vocabulary = rnd.nextLong();
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      Random word = new Random(vocabulary + rnd.nextInt(words));
      for (int i = 3 + word.nextInt(8); i > 0; i--) {
        text.append((char) ('a' + word.nextInt(26)));
      }
      text.append(rnd.nextInt(9) == 0 ? '\n' : ' ');
    }
    return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), length);
  }

  /** A few random lines repeated in random order: repeats cover nearly all of it. */
  private static byte[] repetitive(Random rnd, int length) {
    byte[][] lines = new byte[8][];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = text(rnd, 40 + rnd.nextInt(80), 1_000_000);
    }
    byte[] block = new byte[length];
    for (int at = 0; at < length; ) {
      byte[] line = lines[rnd.nextInt(lines.length)];
      int n = Math.min(line.length, length - at);
      System.arraycopy(line, 0, block, at, n);
      at += n;
    }
    return block;
  }

  @Test
  void testChoose_randomBlocksStoredAndXzStoresThemRaw() {
    Random rnd = new Random(SEED);
    XzBlockProbe probe = new XzBlockProbe();
    for (int round = 0; round < 4; round++) {
      byte[] block = new byte[BLOCK - round * 1000];
      rnd.nextBytes(block);
      String what = "seed " + SEED + ", round " + round;
      assertEquals(Coding.STORED, probe.choose(block, 0, block.length), what);
      assertEquals(-1, xz(block), what + ": xz shrank a block the probe let through");
      XzCodec.Encoder withProbe = new XzCodec.Encoder(6, false, BLOCK, List.of(), true);
      assertEquals(-1, withProbe.compress(block, 0, block.length, new byte[block.length]), what);
    }
  }

  @Test
  void testChoose_repeatsAndSkewedBytesThatXzShrinksAreFast() {
    Random rnd = new Random(SEED);
    XzBlockProbe probe = new XzBlockProbe();
    // random bytes with 3 % of the block copied from earlier in it: xz shrinks it
    byte[] repeats = new byte[BLOCK];
    rnd.nextBytes(repeats);
    for (int copied = 0; copied < BLOCK * 3 / 100; copied += 64) {
      int from = rnd.nextInt(BLOCK / 2);
      System.arraycopy(repeats, from, repeats, BLOCK / 2 + rnd.nextInt(BLOCK / 2 - 64), 64);
    }
    // no repeats, but bytes below 0x80 three times as likely: order-0 entropy about 7.8
    byte[] skewed = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      int b = rnd.nextInt(256);
      skewed[i] = (byte) (b >= 0x80 && rnd.nextBoolean() ? rnd.nextInt(0x80) : b);
    }
    for (byte[] block : List.of(repeats, skewed)) {
      String what = "seed " + SEED + (block == repeats ? ", repeats" : ", skewed");
      assertTrue(xz(block) > 0, what + ": xz could not shrink the block");
      assertEquals(Coding.FAST, probe.choose(block, 0, block.length), what);
    }
  }

  @Test
  void testChoose_textNormalRepeatedLinesFastTinyBlocksNormal() {
    Random rnd = new Random(SEED);
    XzBlockProbe probe = new XzBlockProbe();
    byte[] plain = text(rnd, BLOCK, 5_000);
    assertEquals(Coding.NORMAL, probe.choose(plain, 0, BLOCK), "seed " + SEED + ": text");
    byte[] lines = repetitive(rnd, BLOCK);
    assertEquals(Coding.FAST, probe.choose(lines, 0, BLOCK), "seed " + SEED + ": lines");
    assertEquals(Coding.NORMAL, probe.choose(new byte[] {1, 2, 3}, 0, 3), "3 bytes");
    assertEquals(Coding.FAST, probe.choose(new byte[100], 0, 100), "100 zeros");
  }

  @Test
  void testChoose_gzipOfTextStored() throws IOException {
    Random rnd = new Random(SEED);
    XzBlockProbe probe = new XzBlockProbe();
    byte[] plain = text(rnd, BLOCK * 8, 100_000);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    byte[] deflated = gz.toByteArray();
    assertTrue(deflated.length > BLOCK + 100, "seed " + SEED + ": " + deflated.length);
    assertEquals(Coding.STORED, probe.choose(deflated, 100, BLOCK), "seed " + SEED + ": deflate");
  }

  /**
   * Property: for blocks mixing text, repeated lines and random bytes at random offsets in a larger
   * array, the choice depends only on the block's bytes (the same from a fresh probe, from one that
   * saw other blocks, at another offset), and the graded encoder writes exactly the stream of the
   * options it chose, which decodes to the block.
   */
  @Test
  void testCompress_choiceDependsOnlyOnTheBytesAndEachCodingRoundTrips() throws IOException {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    XzBlockProbe used = new XzBlockProbe();
    XzCodec.Encoder graded = new XzCodec.Encoder(6, false, BLOCK, List.of(), true);
    XzCodec.Decoder decoder = new XzCodec.Decoder();
    int[] seen = new int[Coding.values().length];
    for (int round = 0; round < 24; round++) {
      int length = 1 + rnd.nextInt(BLOCK / 4);
      byte[] block = new byte[length];
      for (int at = 0; at < length; ) {
        int n = Math.min(length - at, 1 + rnd.nextInt(length));
        byte[] part =
            switch (rnd.nextInt(round % 3 == 0 ? 1 : 3)) {
              case 0 -> repetitive(rnd, n);
              case 1 -> text(rnd, n, 1 + rnd.nextInt(100_000));
              default -> {
                byte[] r = new byte[n];
                rnd.nextBytes(r);
                yield r;
              }
            };
        System.arraycopy(part, 0, block, at, n);
        at += n;
      }
      String what = "seed " + seed + ", round " + round + ", " + length + " bytes";
      int offset = rnd.nextInt(100);
      byte[] shifted = new byte[offset + length + rnd.nextInt(100)];
      rnd.nextBytes(shifted);
      System.arraycopy(block, 0, shifted, offset, length);
      Coding coding = new XzBlockProbe().choose(block, 0, length);
      assertEquals(coding, used.choose(shifted, offset, length), what);
      seen[coding.ordinal()]++;

      byte[] dst = new byte[length];
      int n = graded.compress(shifted, offset, length, dst);
      LZMA2Options options =
          coding == Coding.FAST ? XzCodec.fastOptions() : XzCodec.lzma2Options(6, false);
      byte[] expected = stream(block, options);
      if (coding == Coding.STORED || expected.length >= length) {
        assertEquals(-1, n, what + ": " + coding);
        continue;
      }
      assertArrayEquals(expected, Arrays.copyOf(dst, n), what + ": " + coding);
      byte[] back = new byte[length];
      assertEquals(length, decoder.decompress(dst, 0, n, back, length), what);
      assertArrayEquals(block, back, what + ": " + coding);
    }
    assertTrue(seen[Coding.FAST.ordinal()] > 0, "seed " + seed + ": no fast block");
    assertTrue(seen[Coding.NORMAL.ordinal()] > 0, "seed " + seed + ": no normal block");
  }
}
