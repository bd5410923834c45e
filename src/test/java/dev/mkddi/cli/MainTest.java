package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import java.util.Set;
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
    assertTrue(r.err.toString().contains("Usage: mkddi build"), r.err.toString());
    assertTrue(r.err.toString().contains("Try 'mkddi build --help'"), r.err.toString());
  }
}
