package dev.mkddi.fat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.io.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values are what mkfs.fat 4.2 wrote for a file of that size (see README). */
class FatGeometryTest {
  /** Expected values are what {@code mkfs.fat -S <sector size> [-F <bits>]} 4.2 wrote. */
  @ParameterizedTest
  @CsvSource({
    // bytes, requested, sector size, bits, sectors/cluster, reserved, fat sectors, root entries,
    // sectors, spt, heads
    "1048576, AUTO, 512, 12, 4, 1, 2, 512, 2048, 16, 2",
    "8388608, AUTO, 512, 12, 4, 4, 12, 512, 16384, 32, 2",
    "9437184, AUTO, 512, 16, 4, 4, 20, 512, 18432, 32, 2",
    "20971520, AUTO, 512, 16, 4, 4, 40, 512, 40960, 32, 4",
    "20971520, FAT32, 512, 32, 1, 32, 315, 0, 40960, 32, 4",
    "67108864, FAT12, 512, 12, 64, 64, 64, 1024, 131072, 32, 8",
    "209715200, AUTO, 512, 16, 8, 8, 200, 512, 409600, 32, 16",
    "273678336, FAT32, 512, 32, 8, 32, 528, 0, 534492, 63, 16",
    "536870912, AUTO, 512, 32, 8, 32, 1024, 0, 1048572, 63, 32",
    "537919488, FAT16, 512, 16, 32, 32, 160, 512, 1050588, 63, 32",
    "9437184000, AUTO, 512, 32, 16, 32, 8992, 0, 18431973, 63, 255",
    "1048576, AUTO, 4096, 12, 4, 1, 1, 512, 256, 16, 2",
    "67108864, AUTO, 4096, 16, 4, 4, 4, 512, 16384, 32, 2",
    "272629760, AUTO, 4096, 16, 4, 4, 12, 512, 66560, 32, 8",
    "629145600, AUTO, 4096, 32, 1, 32, 150, 0, 153600, 32, 8",
    "9437184000, AUTO, 4096, 32, 8, 32, 288, 0, 2303973, 63, 64",
    "9437184000, FAT16, 4096, 16, 64, 64, 64, 8192, 2303973, 63, 64",
    "20971520, FAT32, 4096, 32, 1, 32, 5, 0, 5120, 32, 2",
    "104857600, AUTO, 2048, 16, 4, 4, 16, 512, 51200, 32, 4",
    "314572800, AUTO, 1024, 16, 8, 8, 80, 512, 307200, 32, 16",
    "2097152000, FAT32, 2048, 32, 8, 32, 256, 0, 1023939, 63, 16",
  })
  void testCompute_matchesMkfsFat(
      long bytes,
      FatType requested,
      int sectorSize,
      int bits,
      int spc,
      int reserved,
      long fat,
      int root,
      long sectors,
      int spt,
      int heads)
      throws Exception {
    FatGeometry g = FatGeometry.compute(bytes, requested, sectorSize);
    assertEquals(sectorSize, g.sectorSize());
    assertEquals(bits, g.type().bits());
    assertEquals(spc, g.sectorsPerCluster());
    assertEquals(reserved, g.reservedSectors());
    assertEquals(fat, g.fatSectors());
    assertEquals(root, g.rootEntries());
    assertEquals(sectors, g.totalSectors());
    assertEquals(spt, g.sectorsPerTrack());
    assertEquals(heads, g.heads());
    assertEquals((long) spc * sectorSize, g.clusterBytes());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 256, 768, 8192})
  void testCompute_badSectorSize(int sectorSize) {
    assertThrows(
        IllegalArgumentException.class,
        () -> FatGeometry.compute(1 << 20, FatType.AUTO, sectorSize));
  }

  @ParameterizedTest
  @CsvSource({"1048576, FAT16", "268435456, FAT12", "8598323200, FAT16", "32768, AUTO"})
  void testCompute_impossible(long bytes, FatType requested) {
    assertThrows(InvalidInputException.class, () -> FatGeometry.compute(bytes, requested, 512));
  }
}
