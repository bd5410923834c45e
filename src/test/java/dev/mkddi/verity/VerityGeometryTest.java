package dev.mkddi.verity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerityGeometryTest {
  private static final UUID ID = new UUID(0, 0);

  private static VerityParams params(long n) {
    return VerityParams.defaults(n, new byte[32], ID);
  }

  /** verity.md §3: bytes = 4096 × (1 + Σ ceil(N / 128^(i+1))). */
  @ParameterizedTest
  @CsvSource({
    "1, 0, 4096",
    "2, 1, 8192",
    "128, 1, 8192",
    "129, 2, 16384",
    "1000, 2, 40960",
    "16384, 2, 532480",
    "16385, 3, 544768"
  })
  void testOf_specSizes(long n, int levels, long bytes) {
    VerityGeometry g = VerityGeometry.of(params(n));
    assertEquals(levels, g.levelCount());
    assertEquals(bytes, g.hashDeviceSize());
    assertEquals(1, g.hashStartBlock());
  }

  @Test
  void testOf_workedExampleLaysOutTopLevelFirst() {
    VerityGeometry g = VerityGeometry.of(params(1000));
    assertEquals(
        List.of(new VerityGeometry.Level(2, 8), new VerityGeometry.Level(1, 1)), g.levels());
    assertEquals(9, g.hashBlocks());
    assertEquals(128, g.hashesPerBlock());
    assertEquals(32, g.entrySize());
    assertEquals(8192, g.levelOffset(0));
    assertEquals(4096, g.levelOffset(1));
  }

  @ParameterizedTest
  @CsvSource({
    // alg, type, hbs, hashes per block, entry size
    "sha1, 1, 4096, 128, 32", "sha1, 0, 4096, 128, 20", "sha512, 1, 512, 8, 64",
    "md5, 1, 512, 32, 16", "sha384, 1, 4096, 64, 64", "sha384, 0, 4096, 64, 48",
    "sha224, 0, 1024, 32, 28"
  })
  void testOf_entriesPerBlock(String alg, int type, int hbs, int hpb, int entry) throws Exception {
    VerityParams p =
        params(10)
            .withHash(VerityHash.parse(alg))
            .withBlockSizes(4096, hbs)
            .withHashType(VerityHashType.of(type));
    VerityGeometry g = VerityGeometry.of(p);
    assertEquals(hpb, g.hashesPerBlock());
    assertEquals(entry, g.entrySize());
  }

  @ParameterizedTest
  @CsvSource({
    // offset, superblock, hbs, hash start block
    "0, true, 4096, 1", "4096000, true, 4096, 1001", "512, true, 4096, 1", "4096, true, 4096, 2",
    "0, false, 4096, 0", "4100096, false, 4096, 1001", "1536, false, 1024, 1", "512, true, 512, 2"
  })
  void testOf_hashStart(long offset, boolean sb, int hbs, long start) {
    VerityGeometry g =
        VerityGeometry.of(params(1000).withBlockSizes(4096, hbs).withPlacement(offset, sb));
    assertEquals(start, g.hashStartBlock());
    assertEquals(start * hbs, g.treeOffset());
  }

  @Test
  void testOf_hugeDeviceNeedsFewLevels() {
    VerityParams p = params(1).withBlockSizes(512, 512).withDataBlocks(Long.MAX_VALUE / 512);
    VerityGeometry g = VerityGeometry.of(p);
    assertEquals(14, g.levelCount()); // 4 bits per level, 54-bit block numbers
  }

  @Test
  void testConstructor_entriesMustFitTheBlock() {
    assertThrows(
        IllegalArgumentException.class, () -> new VerityGeometry(4096, 32, 32, 256, 1, List.of()));
  }
}
