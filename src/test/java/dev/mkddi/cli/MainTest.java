package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void testVersion_exitsZero() {
    CliRun r = new CliRun("--version");
    assertEquals(ExitCode.OK, r.code);
    assertTrue(r.out.toString().startsWith("mkddi "), r.out.toString());
  }

  @Test
  void testHelp_listsExitCodes() {
    CliRun r = new CliRun("--help");
    assertEquals(ExitCode.OK, r.code);
    assertTrue(r.out.toString().contains("Exit codes"), r.out.toString());
  }

  @Test
  void testUnknownCommand_isUsageError() {
    CliRun r = new CliRun("frobnicate");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().startsWith("mkddi: "), r.err.toString());
    assertTrue(r.err.toString().contains("Usage:"), r.err.toString());
  }

  @Test
  void testNoCommand_isUsageError() {
    CliRun r = new CliRun();
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("missing command"), r.err.toString());
  }
}
