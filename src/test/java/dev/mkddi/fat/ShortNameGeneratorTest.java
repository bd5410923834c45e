package dev.mkddi.fat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.io.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShortNameGeneratorTest {
  private static String s(ShortNameGenerator.ShortName n) {
    return new String(n.name(), StandardCharsets.ISO_8859_1) + (n.needsLongName() ? "+lfn" : "");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "BOOTX64.EFI|BOOTX64 EFI",
        "EFI|'EFI        '",
        "loader.cfg|LOADER  CFG+lfn",
        "ReadMe.Txt|README  TXT+lfn",
        "A-B_C!.X|'A-B_C!  X  '",
      })
  void testReserveExact_valid83Forms(String name, String expected) throws Exception {
    assertEquals(expected, s(new ShortNameGenerator().reserveExact(name)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "systemd-bootx64.efi|SYSTEM~1EFI+lfn",
        ".hidden|HIDDEN~1   +lfn",
        "loader.conf|LOADER~1CON+lfn",
        "a+b=c[1].txt|A_B_C_~1TXT+lfn",
        "file.tar.gz|FILETA~1GZ +lfn",
        "my file|MYFILE~1   +lfn",
        "ab cd.txt|ABCD~1  TXT+lfn",
        "x.html|X~1     HTM+lfn",
        "café.txt|CAF_~1  TXT+lfn",
      })
  void testGenerate_numericTail(String name, String expected) throws Exception {
    ShortNameGenerator g = new ShortNameGenerator();
    assertNull(g.reserveExact(name));
    assertEquals(expected, s(g.generate(name)));
  }

  @Test
  void testGenerate_collisionsCountUpThenHash() {
    ShortNameGenerator g = new ShortNameGenerator();
    for (int i = 1; i <= 9; i++) {
      assertEquals("LONGFI~" + i + "TXT+lfn", s(g.generate("long file " + i + ".txt")));
    }
    String tenth = s(g.generate("long file 10.txt"));
    assertEquals(true, tenth.matches("LO[0-9A-F]{4}~[1-8]TXT\\+lfn"), tenth);
    assertEquals(tenth, s(new ShortNameGenerator().generateAfterNine("long file 10.txt")));
  }

  @Test
  void testReserveExact_caseInsensitiveClash() throws Exception {
    ShortNameGenerator g = new ShortNameGenerator();
    g.reserveExact("README");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> g.reserveExact("readme"));
    assertEquals(
        "FAT: 'readme' clashes with another name in its directory (FAT ignores case)",
        e.getMessage());
  }

  @Test
  void testGenerate_skipsReservedNames() throws Exception {
    ShortNameGenerator g = new ShortNameGenerator();
    g.reserveExact("SYSTEM~1.EFI");
    assertEquals("SYSTEM~2EFI+lfn", s(g.generate("systemd-bootx64.efi")));
  }
}
