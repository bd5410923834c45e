package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import org.junit.jupiter.api.Test;

class ArchNamesTest {
  @Test
  void testCanonical_javaAndDebianAliases() throws Exception {
    assertEquals("x86_64", ArchNames.canonical("amd64"));
    assertEquals("x86_64", ArchNames.canonical("X86_64"));
    assertEquals("aarch64", ArchNames.canonical("arm64"));
    assertEquals("x86-64", ArchNames.dpsName("x86_64"));
    assertEquals("arm64", ArchNames.dpsName("aarch64"));
    assertTrue(ArchNames.same("ix86", "i686"));
    assertThrows(InvalidInputException.class, () -> ArchNames.canonical("vax"));
  }
}
