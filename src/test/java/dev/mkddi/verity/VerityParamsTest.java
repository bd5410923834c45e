package dev.mkddi.verity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerityParamsTest {
  private static final UUID ID = UUID.fromString("12345678-9abc-def0-1234-56789abcdef0");

  @ParameterizedTest
  @ValueSource(ints = {0, 256, 1000, 1024 * 1024, -4096, 4097})
  void testConstructor_badBlockSize(int size) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VerityParams.defaults(1, new byte[0], ID).withBlockSizes(size, 4096));
    assertEquals(
        "data block size " + size + " is not a power of two from 512 to 524288", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> VerityParams.defaults(1, new byte[0], ID).withBlockSizes(4096, size));
  }

  @ParameterizedTest
  @CsvSource({"-512, true", "100, true", "4097, false"})
  void testConstructor_badHashOffset(long offset, boolean sb) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VerityParams.defaults(1, new byte[0], ID).withPlacement(offset, sb));
    assertTrue(e.getMessage().startsWith("hash offset " + offset), e.getMessage());
  }

  @Test
  void testConstructor_limits() {
    assertThrows(IllegalArgumentException.class, () -> VerityParams.defaults(1, new byte[257], ID));
    assertThrows(IllegalArgumentException.class, () -> VerityParams.defaults(0, new byte[0], ID));
    assertThrows(
        IllegalArgumentException.class,
        () -> VerityParams.defaults(Long.MAX_VALUE / 4096 + 1, new byte[0], ID));
    assertThrows(IllegalArgumentException.class, () -> VerityParams.defaults(1, new byte[0], null));
    VerityParams noSb = VerityParams.defaults(1, new byte[256], ID).withPlacement(0, false);
    assertEquals(256, noSb.salt().length);
  }

  @Test
  void testSalt_isCopiedInAndOut() {
    byte[] salt = {1, 2, 3};
    VerityParams p = VerityParams.defaults(1, salt, ID);
    salt[0] = 9;
    p.salt()[1] = 9;
    assertEquals("010203", p.saltHex());
    assertEquals(p, VerityParams.defaults(1, new byte[] {1, 2, 3}, ID));
    assertEquals(p.hashCode(), VerityParams.defaults(1, new byte[] {1, 2, 3}, ID).hashCode());
    assertNotEquals(p, VerityParams.defaults(1, new byte[] {1, 2, 4}, ID));
    assertEquals("-", VerityParams.defaults(1, new byte[0], ID).saltHex());
  }

  @Test
  void testHashParse_namesAndCase() throws Exception {
    assertEquals(VerityHash.SHA256, VerityHash.parse("SHA256"));
    assertEquals(VerityHash.SHA512_256, VerityHash.parse("sha512-256"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> VerityHash.parse("sha-256"));
    assertTrue(
        e.getMessage().startsWith("hash algorithm 'sha-256' is not supported; expected"),
        e.getMessage());
    for (VerityHash h : VerityHash.values()) {
      assertEquals(h.digestSize(), h.newDigest().getDigestLength(), h.toString());
    }
  }
}
