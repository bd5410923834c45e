package dev.mkddi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexTest {
  @Test
  void testDecode_acceptsBothCases() throws Exception {
    assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, Hex.decode("x", "0AfF"));
    assertEquals("0aff", Hex.encode(new byte[] {0x0a, (byte) 0xff}));
  }

  @Test
  void testDecode_oddLength() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Hex.decode("--salt", "abc"));
    assertEquals("--salt: expected an even number of hex digits, got 3", e.getMessage());
  }

  @Test
  void testDecode_badDigit() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Hex.decode("--salt", "zz"));
    assertEquals("--salt: 'z' at position 1 is not a hex digit", e.getMessage());
  }
}
