package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryPathTest {
  private static List<Name> parse(String s) throws InvalidInputException {
    return EntryPath.parse(s.getBytes(StandardCharsets.UTF_8), "a.tar");
  }

  @ParameterizedTest
  @CsvSource({
    "./usr/bin/,'[usr, bin]'",
    "usr//lib/./x,'[usr, lib, x]'",
    "./,[]",
    ".,[]",
    "a..b/..c,'[a..b, ..c]'"
  })
  void testParse_normalizes(String raw, String expected) throws InvalidInputException {
    assertEquals(expected, parse(raw).toString());
  }

  @ParameterizedTest
  @CsvSource({
    "../x,'..' would escape",
    "a/../../b,'..' would escape",
    "/etc/passwd,absolute",
    "a/b/..,'..' would escape"
  })
  void testParse_refusesEscapes(String raw, String problem) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(raw));
    assertTrue(e.getMessage().startsWith("a.tar: entry '" + raw + "': "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"256", "1000"})
  void testParse_refusesLongNames(int length) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> parse("d/" + "n".repeat(length)));
    assertTrue(e.getMessage().contains(length + " bytes, at most 255"), e.getMessage());
  }
}
