package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class MainTest {

  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int code;

    Run(String... args) {
      CommandLine cl = Main.commandLine(args);
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    }
  }

  @Test
  void testVersion_exitsZero() {
    Run r = new Run("--version");
    assertEquals(ExitCode.OK, r.code);
    assertTrue(r.out.toString().startsWith("mkddi "), r.out.toString());
  }

  @Test
  void testHelp_listsExitCodes() {
    Run r = new Run("--help");
    assertEquals(ExitCode.OK, r.code);
    assertTrue(r.out.toString().contains("Exit codes"), r.out.toString());
  }

  @Test
  void testUnknownCommand_isUsageError() {
    Run r = new Run("frobnicate");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().startsWith("mkddi: "), r.err.toString());
    assertTrue(r.err.toString().contains("Usage:"), r.err.toString());
  }

  @Test
  void testNoCommand_isUsageError() {
    Run r = new Run();
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
    Run r = new Run("--help");
    for (String c : Main.commandLine().getSubcommands().keySet()) {
      assertTrue(r.out.toString().contains("  " + c + " "), c + " in " + r.out);
    }
  }

  @Test
  void testSubcommandUsageError_namesTheSubcommand() {
    Run r = new Run("build");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("Usage: mkddi build"), r.err.toString());
    assertTrue(r.err.toString().contains("Try 'mkddi build --help'"), r.err.toString());
  }
}
