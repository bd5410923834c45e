package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.io.Hex;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuidsTest {

  private static byte[] encode(UUID u) {
    ByteBuffer b = LittleEndian.allocate(20);
    Guids.put(b, 2, u);
    byte[] out = new byte[16];
    b.get(2, out);
    return out;
  }

  @Test
  void testPut_rootTypeGuidIsMixedEndian() throws Exception {
    UUID u = UUID.fromString("4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
    assertArrayEquals(Hex.decode("x", "e3bc684fcde8b14d96e7fbcaf984b709"), encode(u));
  }

  @Test
  void testPut_rootHashDerivedUuidsAsInSpec() throws Exception {
    assertArrayEquals(
        Hex.decode("x", "160cb5a338cc55309dd953cc0f5179d1"),
        encode(UUID.fromString("a3b50c16-cc38-3055-9dd9-53cc0f5179d1")));
    assertArrayEquals(
        Hex.decode("x", "fec1594d0d7ee648e8e84d71883d92ce"),
        encode(UUID.fromString("4d59c1fe-7e0d-48e6-e8e8-4d71883d92ce")));
  }

  @Test
  void testGet_roundTripsRandomGuids() {
    Random rnd = new Random(42);
    ByteBuffer b = LittleEndian.allocate(32);
    for (int i = 0; i < 1000; i++) {
      UUID u = new UUID(rnd.nextLong(), rnd.nextLong());
      Guids.put(b, 7, u);
      assertEquals(u, Guids.get(b, 7));
    }
  }

  @Test
  void testIsZero_onlyForAllZeroBytes() {
    ByteBuffer b = LittleEndian.allocate(16);
    assertEquals(true, Guids.isZero(b, 0));
    b.put(15, (byte) 1);
    assertEquals(false, Guids.isZero(b, 0));
  }
}
