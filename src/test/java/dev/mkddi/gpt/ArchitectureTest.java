package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureTest {

  @ParameterizedTest
  @CsvSource({
    "x86_64, X86_64",
    "amd64, X86_64",
    "x86-64, X86_64",
    "X86_64, X86_64",
    "aarch64, ARM64",
    "arm64, ARM64",
    "i686, X86",
    "ix86, X86",
    "ppc64le, PPC64_LE",
    "ppc64-le, PPC64_LE",
    "armv7l, ARM",
    "riscv64, RISCV64",
    "s390x, S390X",
    "loongarch64, LOONGARCH64",
    "mips64el, MIPS64_LE"
  })
  void testFind_acceptsCanonicalNamesAndAliases(String name, Architecture expected) {
    assertEquals(Optional.of(expected), Architecture.find(name));
  }

  @Test
  void testUnameName_isTheFileNameSpelling() {
    assertEquals("x86_64", Architecture.X86_64.unameName());
    assertEquals("aarch64", Architecture.ARM64.unameName());
    assertEquals("i686", Architecture.X86.unameName());
    assertEquals("armv7l", Architecture.ARM.unameName());
    assertEquals(Optional.of(Architecture.X86), Architecture.find("ix86"));
    assertEquals(Optional.of(Architecture.X86_64), Architecture.find("X86_64"));
    assertEquals("x86-64", Architecture.X86_64.canonicalName());
    assertEquals("arm64", Architecture.ARM64.toString());
  }

  @Test
  void testAliases_areUnambiguous() {
    Set<String> seen = new HashSet<>();
    for (Architecture a : Architecture.values()) {
      seen.add(a.canonicalName());
    }
    for (Architecture a : Architecture.values()) {
      for (String alias : a.aliases()) {
        assertEquals(a, Architecture.find(alias).orElseThrow(), alias);
        assertTrue(!seen.contains(alias) || alias.equals(a.canonicalName()), alias);
      }
    }
  }

  @Test
  void testParse_unknownNameListsValidOnes() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Architecture.parse("z80"));
    assertTrue(
        e.getMessage().startsWith("unknown architecture 'z80': expected one of alpha,"),
        e.getMessage());
  }
}
