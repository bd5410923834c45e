package dev.mkddi.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwapHeaderTest {
  private static final UUID U = UUID.fromString("11111111-2222-3333-4444-555555555555");

  @Test
  void testEncode_asMkswapWritesIt() throws InvalidInputException {
    // util-linux 2.38.1: mkswap -L mylabel -U 11111111-2222-3333-4444-555555555555 -p 4096 on a
    // 1 MiB file; xxd shows these bytes at 0x400 and the magic at 0xff6, zeros elsewhere
    ByteBuffer page = SwapHeader.of(1 << 20, 4096, U, null, "mylabel").encode();
    byte[] head = new byte[48];
    page.get(0x400, head);
    assertEquals(
        "01000000ff00000000000000111111112222333344445555555555556d796c6162656c00000000000000000000",
        HexFormat.of().formatHex(head).substring(0, 90));
    byte[] magic = new byte[10];
    page.get(4096 - 10, magic);
    assertEquals("SWAPSPACE2", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
    for (int i = 0; i < 0x400; i++) {
      assertEquals(0, page.get(i), "boot block byte " + i);
    }
  }

  @Test
  void testDecode_roundTrip() throws Exception {
    SwapHeader h = SwapHeader.of(64L << 20, 65536, U, null, "swap-b");
    assertEquals(h, SwapHeader.decode(h.encode(), "x"));
    assertEquals(1023, h.lastPage());
  }

  @Test
  void testOf_uuidFromSeedAndLabel() throws InvalidInputException {
    SwapHeader a = SwapHeader.of(1 << 20, 4096, null, U, "a");
    assertEquals(a.uuid(), SwapHeader.of(2 << 20, 4096, null, U, "a").uuid());
    assertNotEquals(a.uuid(), SwapHeader.of(1 << 20, 4096, null, U, "b").uuid());
    assertEquals(4, a.uuid().version());
  }

  @ParameterizedTest
  @CsvSource({
    "40959, 4096, 'a swap area of 9 pages: mkswap wants at least 10 and at most 2^32'",
    "1048576, 5000, 'page size 5000: expected a power of two from 4096 to 65536'"
  })
  void testOf_outOfRangeRefused(long size, int page, String message) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SwapHeader.of(size, page, U, null, ""));
    assertEquals(message, e.getMessage());
  }

  @Test
  void testOf_sixteenByteLabelRefusedAsMkswapWouldTruncateIt() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> SwapHeader.of(1 << 20, 4096, U, null, "sixteen-bytes-xx"));
    assertEquals(
        "label 'sixteen-bytes-xx': at most 15 bytes of UTF-8, without NUL", e.getMessage());
  }

  @Test
  void testDecode_notASwapArea() {
    FormatException e =
        assertThrows(
            FormatException.class, () -> SwapHeader.decode(ByteBuffer.allocate(4096), "x"));
    assertTrue(e.getMessage().startsWith("x: offset 4086: swap magic"), e.getMessage());
  }
}
