package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DescriptionRulesTest {
  @ParameterizedTest
  @CsvSource({
    "1, SHA256, 4096",
    "2, SHA256, 4096",
    "128, SHA256, 4096",
    "129, SHA256, 4096",
    "256000, SHA256, 4096",
    "256000, SHA512, 4096",
    "256000, SHA1, 4096",
    "1000000, SHA256, 512",
    "16385, SHA256, 65536"
  })
  void testHashPartitionSize_sameAsVerityGeometry(long blocks, HashAlgorithm hash, int hashBlock)
      throws Exception {
    VerityParams p =
        new VerityParams(
            VerityHash.parse(hash.kernelName()),
            4096,
            hashBlock,
            VerityHashType.NORMAL,
            new byte[32],
            new UUID(1, 2),
            true,
            0,
            blocks);
    long geometry = VerityGeometry.of(p).hashDeviceSize();
    assertEquals(
        (geometry + 4095) / 4096 * 4096,
        DescriptionRules.hashPartitionSize(blocks, hash, hashBlock));
  }
}
