package dev.mkddi.ext4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Geometries against mke2fs 1.47.0: the expected values are what {@code dumpe2fs -h} shows after
 * {@code truncate -s SIZE f && mkfs.ext4 -q -b 4096 f}.
 */
class GeometryTest {
  @ParameterizedTest
  @CsvSource({
    // blocks, inodes, reserved, reserved GDT, blocks per group, inodes per group, journal
    "4096, 4096, 204, 1, 32768, 4096, 1024",
    "25600, 25600, 1280, 12, 32768, 25600, 1024",
    "65536, 65536, 3276, 31, 32768, 32768, 4096",
    "153600, 38400, 7680, 74, 32768, 7680, 4096",
    "262144, 65536, 13107, 127, 32768, 8192, 8192",
    "786432, 196608, 39321, 383, 32768, 8192, 16384",
    "2621440, 655360, 131072, 1024, 32768, 8192, 16384",
    "10485760, 2621440, 524288, 1024, 32768, 8192, 65536",
    "35840, 35840, 1792, 17, 32768, 17920, 4096"
  })
  void testWritable_matchesMke2fs(
      long blocks, long inodes, long reserved, int rsvGdt, int bpg, int ipg, int journal)
      throws InvalidInputException {
    Geometry g = Geometry.writable(blocks, 0, true);
    assertEquals(blocks, g.blocks());
    assertEquals(inodes, g.inodes());
    assertEquals(reserved, g.reservedBlocks());
    assertEquals(rsvGdt, g.reservedGdtBlocks());
    assertEquals(bpg, g.blocksPerGroup());
    assertEquals(ipg, g.inodesPerGroup());
    assertEquals(journal, g.journalBlocks());
  }

  @Test
  void testWritable_tooManyInodesForOneGroupShrinksGroupsAsMke2fs() throws InvalidInputException {
    // mke2fs -b 4096 on 33000 blocks: the last 232 blocks are too few for a group, one group
    // cannot hold 33000 inodes, so groups shrink to 31896 blocks
    Geometry g = Geometry.writable(33000, 0, true);
    assertEquals(33000, g.blocks());
    assertEquals(31896, g.blocksPerGroup());
    assertEquals(16512, g.inodesPerGroup());
    assertEquals(16, g.reservedGdtBlocks());
  }

  @Test
  void testReadOnly_inodesForceMoreGroups() throws InvalidInputException {
    Geometry g = Geometry.readOnly(1000, 100_000);
    assertTrue(g.groups() >= 4);
    assertTrue(g.inodesPerGroup() <= 32768);
    assertTrue(g.inodes() >= 100_000);
    assertEquals(0, g.journalBlocks() + g.reservedGdtBlocks() + g.reservedBlocks());
  }

  @Test
  void testHasSuper_sparseSuperGroups() {
    StringBuilder sb = new StringBuilder();
    for (int group = 0; group < 130; group++) {
      if (Geometry.hasSuper(group)) {
        sb.append(group).append(' ');
      }
    }
    assertEquals("0 1 3 5 7 9 25 27 49 81 125 ", sb.toString());
  }

  @Test
  void testWritable_tooSmallRefused() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Geometry.writable(10, 0, true));
    assertEquals("an ext4 needs at least 262144 bytes, got 40960", e.getMessage());
  }
}
