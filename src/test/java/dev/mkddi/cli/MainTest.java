package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void testExitCode_onlyOurInputExceptionsAreBadInput() {
    assertEquals(ExitCode.INVALID_INPUT, Main.exitCode(new InvalidInputException("x")));
    assertEquals(ExitCode.IO_ERROR, Main.exitCode(new IllegalArgumentException("x")));
    assertTrue(
        Main.describe(new IllegalArgumentException("x"))
            .startsWith("internal error: java.lang.IllegalArgumentException: x"));
  }

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
    assertEquals("mkddi: unexpected argument 'frobnicate' (try 'mkddi --help')", r.errLine());
  }

  @Test
  void testNoCommand_isUsageError() {
    CliRun r = new CliRun();
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("missing command"), r.err.toString());
  }

  @Test
  void testCommandLine_onlyTheInvokedSubcommand() {
    Set<String> all = Main.commandLine().getSubcommands().keySet();
    assertTrue(all.containsAll(Set.of("build", "verity", "mkfs", "genkey")), all.toString());
    assertEquals(
        Set.of("mkfs"),
        Main.commandLine(new String[] {"mkfs", "erofs", "--help"}).getSubcommands().keySet());
    assertEquals(all, Main.commandLine(new String[] {"--help"}).getSubcommands().keySet());
    assertEquals(all, Main.commandLine(new String[] {"frobnicate"}).getSubcommands().keySet());
  }

  @Test
  void testHelp_listsEveryCommand() {
    CliRun r = new CliRun("--help");
    for (String c : Main.commandLine().getSubcommands().keySet()) {
      assertTrue(r.out.toString().contains("  " + c + " "), c + " in " + r.out);
    }
  }

  @Test
  void testSubcommandUsageError_namesTheSubcommand() {
    CliRun r = new CliRun("build");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi build: missing required parameter: 'DESCRIPTION' (try 'mkddi build --help')",
        r.errLine());
  }

  @Test
  void testInterruptedBuild_saysInterrupted() {
    var closed = new java.nio.channels.ClosedByInterruptException();
    assertEquals("interrupted", Main.describe(closed));
    assertEquals(130, Main.exitCode(closed));
    assertEquals("I/O error: disk trouble", Main.describe(new java.io.IOException("disk trouble")));
  }

  @Test
  void testUsageErrors_oneLineWithoutJavaText() {
    CliRun seed = new CliRun("build", "d", "--seed", "nope");
    assertEquals(ExitCode.INVALID_INPUT, seed.code);
    assertEquals(
        "mkddi build: --seed: 'nope' is not a UUID (expected 8-4-4-4-12 hex digits)"
            + " (try 'mkddi build --help')",
        seed.errLine());
    assertEquals(
        "mkddi build: --seed: '1-2-3-4-5' is not a UUID (expected 8-4-4-4-12 hex digits)"
            + " (try 'mkddi build --help')",
        new CliRun("build", "d", "--seed", "1-2-3-4-5").errLine());
    CliRun days = new CliRun("genkey", "--output-dir", "x", "--days", "abc");
    assertEquals(ExitCode.INVALID_INPUT, days.code);
    assertEquals(
        "mkddi genkey: --days: 'abc' is not a whole number (try 'mkddi genkey --help')",
        days.errLine());
    assertEquals(
        "mkddi genkey: --type: 'dsa' is not one of rsa, ec (try 'mkddi genkey --help')",
        new CliRun("genkey", "--output-dir", "x", "--type", "dsa").errLine());
    assertEquals(
        "mkddi verify: missing required parameter: 'IMAGE' (try 'mkddi verify --help')",
        new CliRun("verify").errLine());
  }
}
