package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void testParse_unitsAndOverflow() {
    assertEquals(OptionalLong.of(100L << 20), Sizes.parse("100"));
    assertEquals(OptionalLong.of(100L << 20), Sizes.parse("100M"));
    assertEquals(OptionalLong.of(2L << 30), Sizes.parse("2G"));
    assertEquals(OptionalLong.empty(), Sizes.parse("99999999999999G"));
    assertEquals(OptionalLong.empty(), Sizes.parse("12345678901234567890"));
    assertEquals(OptionalLong.empty(), Sizes.parse("1T"));
    assertEquals(OptionalLong.empty(), Sizes.parse(""));
  }

  @Test
  void testHuman_largestExactUnit() {
    assertEquals("20 MiB", Sizes.human(20L << 20));
    assertEquals("16 KiB", Sizes.human(16384));
    assertEquals("1025 KiB", Sizes.human(1025 * 1024));
    assertEquals("0 bytes", Sizes.human(0));
  }
}
