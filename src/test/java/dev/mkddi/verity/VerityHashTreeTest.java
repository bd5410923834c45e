package dev.mkddi.verity;

import static dev.mkddi.verity.TestData.random;
import static dev.mkddi.verity.TestData.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.RecordingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerityHashTreeTest {
  private static final UUID ID = UUID.fromString("11111111-2222-4333-8444-555555555555");

  @TempDir Path dir;

  private static VerityParams params(long blocks) {
    return VerityParams.defaults(blocks, new byte[] {1, 2, 3}, ID);
  }

  private FileChannel open(String name) throws IOException {
    return TestData.openReadWrite(dir.resolve(name));
  }

  private static void write(FileChannel ch, byte[] bytes, long pos) throws IOException {
    PositionalIo.writeFully(ch, ByteBuffer.wrap(bytes), pos);
  }

  private static void flip(FileChannel ch, long pos) throws IOException {
    byte b = readAll(ch, pos, pos + 1)[0];
    write(ch, new byte[] {(byte) ~b}, pos);
  }

  /** Random parameters against the naive reference, on 1 and 4 threads. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void testFormat_matchesReferenceOnRandomParameters(int seed) throws Exception {
    Random r = new Random(seed);
    for (int round = 0; round < 10; round++) {
      VerityHash alg = VerityHash.values()[r.nextInt(VerityHash.values().length)];
      int dbs = 512 << r.nextInt(4);
      int hbs = 512 << r.nextInt(4);
      long n = 1 + r.nextInt(r.nextBoolean() ? 40 : 1500);
      boolean sb = r.nextInt(3) > 0;
      long offset = 512L * r.nextInt(20);
      VerityParams p =
          new VerityParams(
              alg,
              dbs,
              hbs,
              r.nextBoolean() ? VerityHashType.NORMAL : VerityHashType.CHROME_OS,
              random(r, r.nextInt(5) == 0 ? 0 : r.nextInt(257)),
              ID,
              sb,
              offset,
              n);
      byte[] data = random(r, (int) (n * dbs + r.nextInt(3000)));
      ReferenceTree ref = new ReferenceTree(data, p);
      String what = "seed " + seed + " round " + round + ": " + p;
      for (int threads : new int[] {1, 4}) {
        try (FileChannel d = open("d" + round + threads);
            FileChannel h = open("h" + round + threads)) {
          write(d, data, 0);
          VerityResult res = VerityHashTree.format(d, 0, h, 0, p, ProgressListener.NONE, threads);
          assertArrayEquals(ref.root, res.rootHash(), what);
          assertEquals(ref.device.length, res.geometry().hashDeviceSize(), what);
          byte[] dev = readAll(h, 0, h.size());
          assertArrayEquals(ref.device, dev, what);
          assertTrue(
              VerityHashTree.verify(d, 0, h, 0, p, ref.root, ProgressListener.NONE, threads).ok(),
              what);
        }
      }
    }
  }

  /** Chunks smaller than a hash block's worth of data: 512 KiB blocks, 16384 entries a block. */
  @ParameterizedTest
  @CsvSource({"1", "2", "5", "7"})
  void testFormat_hugeBlocksSplitHashBlocksAcrossChunks(int n) throws Exception {
    int bs = 512 * 1024;
    VerityParams p = params(n).withBlockSizes(bs, bs);
    byte[] data = random(new Random(n), n * bs);
    ReferenceTree ref = new ReferenceTree(data, p);
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      write(d, data, 0);
      VerityResult res = VerityHashTree.format(d, 0, h, 0, p, ProgressListener.NONE, 3);
      assertArrayEquals(ref.root, res.rootHash());
      assertArrayEquals(ref.device, readAll(h, 0, h.size()));
    }
  }

  @Test
  void testFormat_regionsOfOneChannelGiveTheSameTree() throws Exception {
    Random r = new Random(7);
    VerityParams p = params(300);
    byte[] data = random(r, 300 * 4096);
    ReferenceTree ref = new ReferenceTree(data, p);
    long dataStart = 12_345;
    long hashStart = dataStart + data.length + 777;
    try (FileChannel img = open("img")) {
      write(img, data, dataStart);
      VerityResult res =
          VerityHashTree.format(img, dataStart, img, hashStart, p, ProgressListener.NONE, 2);
      assertArrayEquals(ref.root, res.rootHash());
      assertArrayEquals(ref.device, readAll(img, hashStart, img.size()));
      assertArrayEquals(data, readAll(img, dataStart, dataStart + data.length));
      assertTrue(
          VerityHashTree.verify(
                  img, dataStart, img, hashStart, p, ref.root, ProgressListener.NONE, 2)
              .ok());
    }
  }

  @Test
  void testFormat_reportsProgressInDataBytes() throws Exception {
    RecordingListener l = new RecordingListener();
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      write(d, new byte[1000 * 4096], 0);
      VerityHashTree.format(d, 0, h, 0, params(1000), l, 2);
    }
    assertEquals(1, l.totals().size(), l.totals().toString());
    assertEquals(1000L * 4096, l.totals().values().iterator().next());
    assertEquals(1000L * 4096, l.done().values().iterator().next());
  }

  @Test
  void testFormat_dataShorterThanBlocks_isInvalidInput() throws Exception {
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      write(d, new byte[4096 * 3 - 1], 0);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> VerityHashTree.format(d, 0, h, 0, params(3), ProgressListener.NONE));
      assertTrue(
          e.getMessage().startsWith("data device: 3 blocks of 4096 bytes need 12288"),
          e.getMessage());
      assertEquals(0, h.size());
    }
  }

  @ParameterizedTest
  @CsvSource({"0, true", "8192, true", "12288, false", "0, false"})
  void testFormat_hashAreaOverlappingData_isInvalidInput(long offset, boolean sb) throws Exception {
    VerityParams p = params(4).withPlacement(offset, sb);
    try (FileChannel d = open("d")) {
      write(d, new byte[4 * 4096], 0);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> VerityHashTree.format(d, 0, d, 0, p, ProgressListener.NONE));
      assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }
  }

  @Test
  void testFormat_sameFileAfterData() throws Exception {
    VerityParams p = params(4).withPlacement(4 * 4096, true);
    try (FileChannel d = open("d")) {
      byte[] data = random(new Random(3), 4 * 4096);
      write(d, data, 0);
      VerityResult res = VerityHashTree.format(d, 0, d, 0, p, ProgressListener.NONE);
      assertArrayEquals(new ReferenceTree(data, params(4)).root, res.rootHash());
      assertEquals(4 * 4096 + 2 * 4096, d.size());
    }
  }

  /** A formatted 3-level tree (sha256, 512-byte blocks: 16 entries a block) to corrupt. */
  private VerityParams formatted(FileChannel d, FileChannel h, byte[][] root) throws Exception {
    VerityParams p = params(300).withBlockSizes(512, 512);
    write(d, random(new Random(11), 300 * 512), 0);
    root[0] = VerityHashTree.format(d, 0, h, 0, p, ProgressListener.NONE, 2).rootHash();
    return p;
  }

  @Test
  void testVerify_flippedDataByte_namesDataBlock() throws Exception {
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      byte[][] root = new byte[1][];
      VerityParams p = formatted(d, h, root);
      flip(d, 200 * 512 + 99);
      flip(d, 250 * 512);
      VerityCheck c = VerityHashTree.verify(d, 0, h, 0, p, root[0], ProgressListener.NONE, 2);
      assertEquals(VerityCheck.Status.BAD_DATA_BLOCK, c.status());
      assertEquals(200, c.index());
      assertEquals(200 * 512, c.offset());
      assertTrue(
          c.message().startsWith("data block 200 (byte 102400 of the data device)"), c.message());
    }
  }

  @Test
  void testVerify_corruptLeafBlock_namesHashBlockNotData() throws Exception {
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      byte[][] root = new byte[1][];
      VerityParams p = formatted(d, h, root);
      VerityGeometry g = VerityGeometry.of(p);
      assertEquals(3, g.levelCount());
      flip(h, g.levelOffset(0) + 5 * 512 + 3); // leaf block 5, entry 0
      VerityCheck c = VerityHashTree.verify(d, 0, h, 0, p, root[0], ProgressListener.NONE, 2);
      assertEquals(VerityCheck.Status.BAD_HASH_BLOCK, c.status(), c.message());
      assertEquals(0, c.level());
      assertEquals(5, c.index());
      assertEquals(g.levelOffset(0) + 5 * 512, c.offset());
    }
  }

  @Test
  void testVerify_corruptTopBlockOrWrongRoot_isRootMismatch() throws Exception {
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      byte[][] root = new byte[1][];
      VerityParams p = formatted(d, h, root);
      byte[] wrong = root[0].clone();
      wrong[0] ^= 1;
      assertEquals(
          VerityCheck.Status.ROOT_HASH_MISMATCH,
          VerityHashTree.verify(d, 0, h, 0, p, wrong, ProgressListener.NONE).status());
      flip(h, VerityGeometry.of(p).levelOffset(2) + 511);
      VerityCheck c = VerityHashTree.verify(d, 0, h, 0, p, root[0], ProgressListener.NONE);
      assertEquals(VerityCheck.Status.ROOT_HASH_MISMATCH, c.status());
      assertTrue(
          c.message().startsWith("root hash mismatch: the top hash block (level 2, byte"),
          c.message());
    }
  }

  @Test
  void testVerify_truncatedDevices_nameTheMissingBlock() throws Exception {
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      byte[][] root = new byte[1][];
      VerityParams p = formatted(d, h, root);
      VerityGeometry g = VerityGeometry.of(p);
      d.truncate(299 * 512 + 100);
      VerityCheck c = VerityHashTree.verify(d, 0, h, 0, p, root[0], ProgressListener.NONE);
      assertEquals(VerityCheck.Status.BAD_DATA_BLOCK, c.status());
      assertEquals(299, c.index());
      h.truncate(g.hashDeviceSize() - 1);
      c = VerityHashTree.verify(d, 0, h, 0, p, root[0], ProgressListener.NONE);
      assertEquals(VerityCheck.Status.BAD_HASH_BLOCK, c.status());
      assertEquals(0, c.level());
      assertEquals(g.level(0).blocks() - 1, c.index());
    }
  }

  @Test
  void testVerify_nonZeroPaddingBehindAValidDigest_namesHashBlock() throws Exception {
    VerityParams p = params(300).withBlockSizes(512, 512);
    VerityGeometry g = VerityGeometry.of(p);
    VerityVerifier v = new VerityVerifier(null, 0, null, 0, p, g);
    // level 1 has 2 blocks: entries 0..15 and 16..18, then padding from byte 3 * 32
    VerityCheck c = v.levelMismatch(1, 512 + 3 * 32 + 5);
    assertEquals(VerityCheck.Status.BAD_HASH_BLOCK, c.status());
    assertEquals(1, c.level());
    assertEquals(1, c.index());
    assertTrue(c.message().contains("non-zero padding"), c.message());
    c = v.levelMismatch(1, 512 + 2 * 32 + 5);
    assertEquals(0, c.level());
    assertEquals(18, c.index());
  }

  @Test
  void testVerify_wrongRootLength_isInvalidInput() throws Exception {
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      assertThrows(
          InvalidInputException.class,
          () -> VerityHashTree.verify(d, 0, h, 0, params(1), new byte[20], ProgressListener.NONE));
    }
  }

  @Test
  void testFormat_existingHashFile_onlyTreeAndSuperblockBytesChange() throws Exception {
    byte[] junk = new byte[5 * 4096];
    Arrays.fill(junk, (byte) 0x5a);
    Path hp = Files.write(dir.resolve("h"), junk);
    try (FileChannel d = open("d");
        FileChannel h = FileChannel.open(hp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      write(d, new byte[4 * 4096], 0);
      VerityHashTree.format(d, 0, h, 0, params(4), ProgressListener.NONE);
      byte[] all = readAll(h, 0, h.size());
      assertEquals(5 * 4096, all.length);
      assertEquals(0x5a, all[600]); // after the superblock, as veritysetup leaves it
      assertEquals(0, all[4096 + 200]); // padding of the single tree block
      assertEquals(0x5a, all[2 * 4096]); // after the tree
    }
  }
}
