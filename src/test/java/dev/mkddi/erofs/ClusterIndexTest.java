package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compacted indexes decode to the clusters they were made from. */
class ClusterIndexTest {
  @Test
  void testEncode_randomClusterListsDecodeBack() throws Exception {
    long seed = 20260601L;
    Random rnd = new Random(seed);
    for (int round = 0; round < 400; round++) {
      boolean big = rnd.nextBoolean();
      boolean inline = rnd.nextInt(4) == 0;
      int maxBlocks = big ? 1 + rnd.nextInt(16) : 1;
      List<ClusterIndex.Pcluster> list = new ArrayList<>();
      long at = 0;
      int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 300);
      for (int i = 0; i < n; i++) {
        boolean lastOne = i == n - 1;
        if (rnd.nextInt(5) == 0 || (lastOne && inline)) {
          int len = lastOne ? 1 + rnd.nextInt(4096) : 4096;
          list.add(new ClusterIndex.Pcluster(at, len, lastOne && inline ? 0 : 1, false));
          at += len;
        } else {
          int blocks = 1 + rnd.nextInt(maxBlocks);
          int len = blocks * 4096 + 1 + rnd.nextInt(blocks * 4096 * 3);
          list.add(new ClusterIndex.Pcluster(at, len, lastOne && inline ? 0 : blocks, true));
          at += len;
        }
      }
      long size = at;
      int base = 32 + 4 * rnd.nextInt(20);
      int start = ClusterIndex.indexStart(base);
      int bytes = ClusterIndex.size(size, start);
      ByteBuffer buf = LittleEndian.allocate(bytes);
      long first = 1 + rnd.nextInt(1 << 20);
      ClusterIndex.encode(buf, size, start, list, first, big);
      assertEquals(bytes, buf.position(), "seed " + seed + " round " + round);
      List<ClusterIndex.Extent> extents =
          ClusterIndex.decode(buf.array(), size, start, big, inline, "index", 0);
      String what = "seed " + seed + " round " + round + " big " + big + " inline " + inline;
      assertEquals(list.size(), extents.size(), what);
      long block = first;
      for (int i = 0; i < list.size(); i++) {
        ClusterIndex.Pcluster p = list.get(i);
        ClusterIndex.Extent e = extents.get(i);
        assertEquals(p.start(), e.start(), what + " cluster " + i);
        assertEquals(p.length(), e.length(), what + " cluster " + i);
        assertEquals(p.compressed(), e.compressed(), what + " cluster " + i);
        if (p.blocks() > 0) {
          assertEquals(block, e.block(), what + " cluster " + i + " block");
          assertEquals(p.blocks(), e.blocks(), what + " cluster " + i + " blocks");
        }
        block += p.blocks();
      }
    }
  }
}
