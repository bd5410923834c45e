package dev.mkddi.verity;

import static dev.mkddi.verity.TestData.random;
import static dev.mkddi.verity.TestData.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ObservedChannel;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerityLeavesTest {
  private static final UUID ID = UUID.fromString("11111111-2222-4333-8444-555555555555");

  @TempDir Path dir;

  private FileChannel open(String name) throws IOException {
    return TestData.openReadWrite(dir.resolve(name));
  }

  private static VerityParams randomParams(Random r) {
    VerityHash alg = VerityHash.values()[r.nextInt(VerityHash.values().length)];
    return new VerityParams(
        alg,
        512 << r.nextInt(4),
        512 << r.nextInt(4),
        r.nextBoolean() ? VerityHashType.NORMAL : VerityHashType.CHROME_OS,
        random(r, r.nextInt(5) == 0 ? 0 : r.nextInt(257)),
        ID,
        r.nextInt(3) > 0,
        512L * r.nextInt(20),
        2 + r.nextInt(r.nextBoolean() ? 40 : 1500));
  }

  /**
   * Any write pattern through the view (whole blocks, pieces, rewrites, scattering writes,
   * transfers, ranges never written, writes around the data device) gives the tree of the data as
   * it ends up, the same bytes {@link VerityHashTree#format} writes from the data alone.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void testFormat_anyWritePattern_matchesFormatFromData(int seed) throws Exception {
    Random r = new Random(seed);
    for (int round = 0; round < 8; round++) {
      VerityParams p = randomParams(r);
      int bs = p.dataBlockSize();
      long dataStart = bs * (long) r.nextInt(3) + (r.nextBoolean() ? 0 : 512);
      long dataEnd = dataStart + p.dataBytes();
      String what = "seed " + seed + " round " + round + ": " + p + " at " + dataStart;
      try (FileChannel d = open("d" + round);
          FileChannel h = open("h" + round);
          FileChannel src = open("s" + round)) {
        VerityLeaves leaves = VerityLeaves.of(p, dataStart).orElseThrow();
        // sized first: a transfer does nothing at a position beyond the end
        PositionalIo.writeFully(d, ByteBuffer.allocate(1), dataEnd + 3L * bs);
        FileChannel view = new ObservedChannel(d, leaves);
        int writes = 1 + r.nextInt(60);
        for (int i = 0; i < writes; i++) {
          long at;
          int len;
          if (r.nextInt(3) > 0) { // whole aligned blocks
            at = dataStart + (long) r.nextInt((int) p.dataBlocks()) * bs;
            len = bs * (1 + r.nextInt(4));
          } else { // anywhere, anything, also outside the data device
            at = Math.max(0, dataStart - bs + r.nextInt((int) (p.dataBytes() + 2L * bs)));
            len = 1 + r.nextInt(3 * bs);
          }
          byte[] bytes = random(r, len);
          switch (r.nextInt(6)) {
            case 0 -> view.position(at).write(ByteBuffer.wrap(bytes));
            case 1 -> {
              int cut = r.nextInt(len);
              view.position(at);
              view.write(
                  new ByteBuffer[] {
                    ByteBuffer.wrap(bytes, 0, cut), ByteBuffer.wrap(bytes, cut, len - cut)
                  });
            }
            case 2 -> {
              PositionalIo.writeFully(src, ByteBuffer.wrap(bytes), 0);
              long done = 0;
              while (done < len) {
                long n = view.transferFrom(src.position(done), at + done, len - done);
                assertTrue(n > 0, what);
                done += n;
              }
            }
            default -> PositionalIo.writeFully(view, ByteBuffer.wrap(bytes), at);
          }
        }
        byte[] data = readAll(d, dataStart, dataEnd);
        ReferenceTree ref = new ReferenceTree(data, p);
        VerityResult res = VerityHashTree.format(d, h, 0, leaves, ProgressListener.NONE);
        assertArrayEquals(ref.root, res.rootHash(), what);
        assertArrayEquals(ref.device, readAll(h, 0, h.size()), what);
      }
    }
  }

  /**
   * Blocks written whole once are not read back: the tree is that of the bytes written, even when
   * the file changed behind the view's back afterwards (which a real caller never does).
   */
  @Test
  void testFormat_blocksWrittenWholeOnce_areNotReadBack() throws Exception {
    Random r = new Random(42);
    VerityParams p = VerityParams.defaults(300, new byte[] {1, 2, 3}, ID);
    byte[] data = random(r, (int) p.dataBytes());
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      VerityLeaves leaves = VerityLeaves.of(p, 8192).orElseThrow();
      PositionalIo.writeFully(new ObservedChannel(d, leaves), ByteBuffer.wrap(data), 8192);
      PositionalIo.writeFully(d, ByteBuffer.wrap(random(r, data.length)), 8192);
      VerityResult res = VerityHashTree.format(d, h, 0, leaves, ProgressListener.NONE);
      assertArrayEquals(new ReferenceTree(data, p).root, res.rootHash());
    }
  }

  /** Relative writes to a channel opened to append are observed where their bytes went. */
  @Test
  void testFormat_appendingChannel_observedAtTheEnd() throws Exception {
    Random r = new Random(3);
    VerityParams p = VerityParams.defaults(12, new byte[] {5}, ID);
    byte[] data = random(r, (int) p.dataBytes());
    try (FileChannel d =
            FileChannel.open(
                dir.resolve("d"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        FileChannel h = open("h")) {
      VerityLeaves leaves = VerityLeaves.of(p, 0).orElseThrow();
      FileChannel view = new ObservedChannel(d, leaves);
      for (int i = 0; i < 3; i++) {
        ByteBuffer b = ByteBuffer.wrap(data, i * 4 * 4096, 4 * 4096);
        while (b.hasRemaining()) {
          view.write(b);
        }
      }
      try (FileChannel read = FileChannel.open(dir.resolve("d"), StandardOpenOption.READ)) {
        VerityResult res = VerityHashTree.format(read, h, 0, leaves, ProgressListener.NONE);
        assertArrayEquals(new ReferenceTree(data, p).root, res.rootHash());
      }
    }
  }

  /** Threads writing distinct blocks at once, in any order, give the same tree. */
  @Test
  void testFormat_concurrentWriters_matchFormatFromData() throws Exception {
    Random r = new Random(7);
    VerityParams p = VerityParams.defaults(4000, new byte[] {9}, ID);
    byte[] data = random(r, (int) p.dataBytes());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FileChannel d = open("d");
        FileChannel h = open("h")) {
      VerityLeaves leaves = VerityLeaves.of(p, 0).orElseThrow();
      FileChannel view = new ObservedChannel(d, leaves);
      List<Future<?>> done = new ArrayList<>();
      for (int piece = 0; piece < 100; piece++) {
        int from = piece * 40 * 4096;
        done.add(
            pool.submit(
                () -> {
                  PositionalIo.writeFully(view, ByteBuffer.wrap(data, from, 40 * 4096), from);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      VerityResult res = VerityHashTree.format(d, h, 0, leaves, ProgressListener.NONE);
      ReferenceTree ref = new ReferenceTree(data, p);
      assertArrayEquals(ref.root, res.rootHash());
      assertArrayEquals(ref.device, readAll(h, 0, h.size()));
      assertTrue(VerityHashTree.verify(d, 0, h, 0, p, ref.root, ProgressListener.NONE).ok());
    } finally {
      pool.shutdownNow();
    }
  }

  /** No collector for a single data block (no levels) or a leaf level beyond the memory limit. */
  @Test
  void testOf_noLevelsOrTooLarge_isEmpty() {
    assertTrue(VerityLeaves.of(VerityParams.defaults(1, new byte[1], ID), 0).isEmpty());
    long blocks = VerityLeaves.MAX_LEVEL_BYTES / 32 + 1;
    assertTrue(VerityLeaves.of(VerityParams.defaults(blocks, new byte[1], ID), 0).isEmpty());
    assertTrue(
        VerityLeaves.of(VerityParams.defaults(blocks - 4096, new byte[1], ID), 0).isPresent());
  }
}
