package dev.mkddi.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

class XzCodecTest {
  private static final int BLOCK = 1 << 16;

  /** The stream XZ for Java writes for one chain, CRC32 check, as mksquashfs's blocks. */
  private static byte[] stream(byte[] block, FilterOptions... chain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, chain, XZ.CHECK_CRC32)) {
      xz.write(block);
    }
    return out.toByteArray();
  }

  @Test
  void testCompress_x86SkippedOnlyWhereItChangesNothingAndTheBytesAreTheSame() throws IOException {
    long seed = 20261206L;
    Random rnd = new Random(seed);
    XzCodec.Encoder encoder = new XzCodec.Encoder(6, false, BLOCK, List.of(XzFilter.X86), false);
    LZMA2Options lzma2 = XzCodec.lzma2Options(6, false);
    lzma2.setDictSize(BLOCK);
    int wins = 0;
    for (int round = 0; round < 12; round++) {
      byte[] block = new byte[1 + rnd.nextInt(BLOCK)];
      boolean withCalls = round % 3 == 0;
      for (int i = 0; i < block.length; i++) {
        // machine-code-like bytes from a small alphabet, E8/E9 only in some rounds
        int b = rnd.nextInt(round % 2 == 0 ? 40 : 256);
        block[i] = (byte) (!withCalls && (b & 0xFE) == 0xE8 ? b ^ 0x10 : b);
      }
      if (withCalls) {
        // calls to a few functions: relative addresses the filter makes absolute, so it wins
        for (int at = 0; at + 5 <= block.length; at += 5 + rnd.nextInt(24)) {
          int target = 0x1000 * (1 + rnd.nextInt(4)) - (at + 5);
          block[at] = (byte) 0xE8;
          for (int k = 0; k < 4; k++) {
            block[at + 1 + k] = (byte) (target >> (8 * k));
          }
        }
      }
      byte[] plain = stream(block, lzma2);
      byte[] filtered = stream(block, new X86Options(), lzma2);
      byte[] expected = filtered.length < plain.length ? filtered : plain;
      wins += expected == filtered ? 1 : 0;
      String what = "seed " + seed + ", round " + round + ", " + block.length + " bytes";
      if (!withCalls) {
        assertEquals(plain.length, filtered.length, what + ": the filter changed the length");
      }
      byte[] dst = new byte[block.length];
      int n = encoder.compress(block, 0, block.length, dst);
      if (expected.length >= block.length) {
        assertEquals(-1, n, what);
      } else {
        assertArrayEquals(expected, Arrays.copyOf(dst, n), what);
      }
    }
    assertEquals(true, wins > 0, "seed " + seed + ": the x86 filter never won");
  }
}
