package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameTest {
  @Test
  void testCompareTo_unsignedBytesPrefixFirst() {
    List<Name> names =
        new ArrayList<>(
            List.of(
                new Name(new byte[] {(byte) 0xff}),
                Name.of("b"),
                Name.of("ab"),
                Name.of("a"),
                Name.of("-dash"),
                Name.of("Z")));
    names.sort(null);
    assertEquals("[-dash, Z, a, ab, b, \\xff]", names.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "a\0b"})
  void testConstructor_invalidNames(String name) {
    assertThrows(IllegalArgumentException.class, () -> Name.of(name));
  }

  @Test
  void testConstructor_255BytesMaximum() {
    assertEquals(255, Name.of("x".repeat(255)).length());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Name.of("x".repeat(256)));
    assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
  }

  @Test
  void testBytes_isACopy() {
    Name n = Name.of("abc");
    n.bytes()[0] = 'z';
    assertEquals("abc", n.toString());
  }

  @Test
  void testDisplay_escapesInvalidUtf8() {
    assertEquals("caf\\xe9", Name.display(new byte[] {'c', 'a', 'f', (byte) 0xe9}));
    assertEquals("café", Name.display("café".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
