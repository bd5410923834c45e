package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.io.Hex;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerityUuidsTest {
  private static final String ROOT_HASH =
      "a3b50c16cc3830559dd953cc0f5179d14d59c1fe7e0d48e6e8e84d71883d92ce";

  @Test
  void testDataAndHashUuids_areTheHalvesInTextOrder() throws Exception {
    byte[] h = Hex.decode("x", ROOT_HASH);
    assertEquals(
        UUID.fromString("a3b50c16-cc38-3055-9dd9-53cc0f5179d1"), VerityUuids.dataPartitionUuid(h));
    assertEquals(
        UUID.fromString("4d59c1fe-7e0d-48e6-e8e8-4d71883d92ce"), VerityUuids.hashPartitionUuid(h));
  }

  @Test
  void testRootHash_invertsTheHalves() throws Exception {
    byte[] h = Hex.decode("x", ROOT_HASH);
    assertArrayEquals(
        h,
        VerityUuids.rootHash(VerityUuids.dataPartitionUuid(h), VerityUuids.hashPartitionUuid(h)));
  }

  @Test
  void testHashPartitionUuid_sha512UsesLast16Bytes() {
    byte[] h = new byte[64];
    h[48] = 0x12;
    assertEquals(
        UUID.fromString("12000000-0000-0000-0000-000000000000"), VerityUuids.hashPartitionUuid(h));
  }

  @Test
  void testDataPartitionUuid_refusesShortHash() {
    assertThrows(IllegalArgumentException.class, () -> VerityUuids.dataPartitionUuid(new byte[8]));
  }
}
