package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How names and paths from archives are shown in messages: one line, bounded length. */
class NameTest {
  @Test
  void testDisplay_utf8AsIs() {
    assertEquals("räksmörgås", Name.display("räksmörgås".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void testDisplay_notUtf8_bytesEscaped() {
    assertEquals("a\\xff\\x0ab", Name.display(new byte[] {'a', (byte) 0xff, '\n', 'b'}));
  }

  @Test
  void testDisplay_lineBreakInUtf8Name_escaped() {
    // found by TarJazzerTest: a pax path with a newline made a two-line message
    assertEquals("e=s\\n29 x", Name.display("e=s\n29 x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void testDisplay_megabytePath_cut() {
    byte[] path = "a/".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII);
    String shown = Name.display(path);
    assertEquals(Name.MAX_SHOWN + 1, shown.length());
    assertEquals('…', shown.charAt(Name.MAX_SHOWN));
  }

  @Test
  void testDisplay_cutInsideMultibyteCharacter_stillUtf8() {
    byte[] path = "é".repeat(4 * Name.MAX_SHOWN).getBytes(StandardCharsets.UTF_8);
    assertEquals("é".repeat(Name.MAX_SHOWN) + "…", Name.display(path));
  }
}
