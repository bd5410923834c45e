package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.io.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GptAttributeTest {

  @Test
  void testBits_matchUefiAndDps() {
    assertEquals(0, GptAttribute.REQUIRED.bit());
    assertEquals(1, GptAttribute.NO_BLOCK_IO.bit());
    assertEquals(2, GptAttribute.LEGACY_BIOS_BOOTABLE.bit());
    assertEquals(59, GptAttribute.GROW_FILE_SYSTEM.bit());
    assertEquals(0x1000000000000000L, GptAttribute.READ_ONLY.mask());
    assertEquals(Long.MIN_VALUE, GptAttribute.NO_AUTO.mask());
  }

  @Test
  void testFlagNames_ascendingWithUnknownBits() {
    long attrs = GptAttribute.NO_AUTO.mask() | GptAttribute.READ_ONLY.mask() | 1L << 48 | 1L;
    assertEquals(
        List.of("required", "bit-48", "read-only", "no-auto"), GptAttribute.flagNames(attrs));
    assertEquals(List.of(), GptAttribute.flagNames(0));
  }

  @Test
  void testParseFlag_namesAndBitNumbers() throws Exception {
    assertEquals(1L << 60, GptAttribute.parseFlag("read-only"));
    assertEquals(1L << 59, GptAttribute.parseFlag("GROW-FILE-SYSTEM"));
    assertEquals(1L << 48, GptAttribute.parseFlag("bit-48"));
    assertEquals(1L << 63, GptAttribute.parseFlag("63"));
    assertThrows(InvalidInputException.class, () -> GptAttribute.parseFlag("64"));
    assertThrows(InvalidInputException.class, () -> GptAttribute.parseFlag("ro"));
  }
}
