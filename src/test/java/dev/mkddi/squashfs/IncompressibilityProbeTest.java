package dev.mkddi.squashfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IncompressibilityProbeTest {
  private static final int BLOCK = 128 * 1024;
  private static final long SEED = 20261206_1707L;

  /** The default xz encoder of data blocks, without the probe: what LZMA2 makes of a block. */
  private static int xz(byte[] block) {
    XzCodec.Encoder encoder = new XzCodec.Encoder(6, false, BLOCK, List.of(), false);
    return encoder.compress(block, 0, block.length, new byte[block.length]);
  }

  @Test
  void testLooksIncompressible_randomBlocksThatXzStoresRaw() {
    Random rnd = new Random(SEED);
    IncompressibilityProbe probe = new IncompressibilityProbe();
    for (int round = 0; round < 4; round++) {
      byte[] block = new byte[BLOCK - round * 1000];
      rnd.nextBytes(block);
      String what = "seed " + SEED + ", round " + round;
      assertTrue(probe.looksIncompressible(block, 0, block.length), what);
      assertEquals(-1, xz(block), what + ": xz shrank a block the probe let through");
      XzCodec.Encoder withProbe = new XzCodec.Encoder(6, false, BLOCK, List.of(), true);
      assertEquals(-1, withProbe.compress(block, 0, block.length, new byte[block.length]), what);
    }
  }

  @Test
  void testLooksIncompressible_falseForRepeatsAndSkewedBytesThatXzShrinks() {
    Random rnd = new Random(SEED);
    IncompressibilityProbe probe = new IncompressibilityProbe();
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
      assertFalse(probe.looksIncompressible(block, 0, block.length), what);
    }
  }

  @Test
  void testLooksIncompressible_falseForTextAndTinyBlocksTrueForGzipOfRandomText()
      throws IOException {
    Random rnd = new Random(SEED);
    IncompressibilityProbe probe = new IncompressibilityProbe();
    StringBuilder text = new StringBuilder();
    while (text.length() < BLOCK * 8) {
      text.append("word").append(rnd.nextInt(100_000)).append(rnd.nextInt(9) == 0 ? '\n' : ' ');
    }
    byte[] plain = text.toString().getBytes(StandardCharsets.US_ASCII);
    assertFalse(probe.looksIncompressible(plain, 0, BLOCK), "text");
    assertFalse(probe.looksIncompressible(new byte[] {1, 2, 3}, 0, 3), "3 bytes");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    byte[] deflated = gz.toByteArray();
    assertTrue(deflated.length > BLOCK + 100, "seed " + SEED + ": " + deflated.length);
    assertTrue(probe.looksIncompressible(deflated, 100, BLOCK), "seed " + SEED + ": deflate");
  }
}
