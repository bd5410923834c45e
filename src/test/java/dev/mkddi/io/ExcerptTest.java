package dev.mkddi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExcerptTest {
  @Test
  void testOf_shortValueUnchanged() {
    assertEquals("root-x86-64", Excerpt.of("root-x86-64"));
  }

  @Test
  void testOf_longValueCutWithEllipsis() {
    String cut = Excerpt.of("a".repeat(64 << 20));
    assertEquals("a".repeat(Excerpt.MAX_LENGTH) + "…", cut);
  }

  @Test
  void testOf_lineBreaksAndControlsEscaped() {
    assertEquals("1\\n2\\t3\\x00\\x7f", Excerpt.of("1\n2\t3\u0000\u007f"));
  }

  @Test
  void testOf_surrogatePairNotSplit() {
    String s = "a".repeat(3) + "\uD83D\uDE00" + "b";
    assertEquals("aaa…", Excerpt.of(s, 4));
  }

  @Test
  void testOf_escapesCountTowardsTheLength() {
    // found by ErofsReaderJazzerTest: 256 NULs shown as \x00 made a message of 1020 characters
    String cut = Excerpt.of("a" + "\0".repeat(1000), 9);
    assertEquals("a\\x00\\x00…", cut);
  }
}
