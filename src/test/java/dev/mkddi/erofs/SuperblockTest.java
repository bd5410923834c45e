package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.EROFS_FEATURE_INCOMPAT_COMPR_CFGS;
import static dev.mkddi.erofs.ErofsConstants.EROFS_FEATURE_INCOMPAT_ZERO_PADDING;
import static dev.mkddi.erofs.ErofsConstants.Z_EROFS_COMPRESSION_LZ4;
import static dev.mkddi.erofs.ErofsConstants.Z_EROFS_COMPRESSION_ZSTD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SuperblockTest {
  private static Superblock withAlgorithms(int featureIncompat, int u1) {
    return new Superblock(0, 36, 1, 0, 0, 3, new UUID(1, 2), "", featureIncompat, u1, 0);
  }

  @Test
  void testSizeBytes_blocksOfFourKib() {
    assertEquals(3 * 4096, withAlgorithms(0, 0).sizeBytes());
  }

  @Test
  void testCompressionAlgorithms_namesEachDeclaredIdInOrder() {
    int u1 = (1 << Z_EROFS_COMPRESSION_ZSTD) | (1 << Z_EROFS_COMPRESSION_LZ4) | (1 << 9);
    assertEquals(
        List.of("lz4", "zstd", "id 9"),
        withAlgorithms(EROFS_FEATURE_INCOMPAT_COMPR_CFGS, u1).compressionAlgorithms());
  }

  @Test
  void testCompressionAlgorithms_withoutConfigsU1IsTheLz4Distance() {
    assertEquals(List.of(), withAlgorithms(0, 0xffff).compressionAlgorithms());
  }

  @Test
  void testCompressionAlgorithms_zeroPaddingWithoutConfigsIsLz4() {
    assertEquals(
        List.of("lz4"),
        withAlgorithms(EROFS_FEATURE_INCOMPAT_ZERO_PADDING, 0).compressionAlgorithms());
  }
}
