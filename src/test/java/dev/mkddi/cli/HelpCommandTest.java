package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpCommandTest {

  @Test
  void testHelp_nestedCommand() {
    CliRun r = new CliRun("help", "verity", "format");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(r.out.toString().startsWith("Usage: mkddi verity format "), r.out.toString());
  }

  @Test
  void testHelp_withoutCommandIsMkddisHelp() {
    CliRun r = new CliRun("help");
    assertEquals(ExitCode.OK, r.code);
    assertEquals(new CliRun("--help").out.toString(), r.out.toString());
  }

  @Test
  void testHelp_unknownCommandListsTheKnownOnes() {
    CliRun r = new CliRun("help", "verity", "nope");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(
        r.errLine().startsWith("mkddi help: unknown command 'nope' (commands of verity: format,"),
        r.errLine());
  }

  @Test
  void testEveryHelp_statesTheExitCodes() {
    for (CommandLine c : all(Main.commandLine())) {
      String name = c.getCommandSpec().qualifiedName();
      String help = c.getUsageMessage();
      assertTrue(help.contains("Exit codes:\n     0   success\n"), name + ":\n" + help);
      assertTrue(help.contains("     2   "), name + ":\n" + help);
      assertEquals(
          name.equals("mkddi")
              || name.equals("mkddi verify")
              || name.equals("mkddi verity verify")
              || name.equals("mkddi cmdline"),
          help.contains("     1   "),
          name + ":\n" + help);
    }
  }

  @Test
  void testEveryHelp_rendersWithoutPicocliWarnings() {
    // picocli formats description lines with String.format; a lone '%' makes it print a warning
    // on stderr and the raw text in the help
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      for (CommandLine c : all(Main.commandLine())) {
        String unused = c.getUsageMessage();
        assertEquals(
            "",
            captured.toString(java.nio.charset.StandardCharsets.UTF_8),
            c.getCommandSpec().qualifiedName());
      }
    } finally {
      System.setErr(stderr);
    }
  }

  @Test
  void testEveryHelp_defaultsSpelledAsAccepted() {
    for (CommandLine c : all(Main.commandLine())) {
      for (var option : c.getCommandSpec().options()) {
        String text = String.join(" ", option.description());
        if (option.type().isEnum() && text.contains("default")) {
          assertTrue(
              !text.contains("${DEFAULT-VALUE}"),
              c.getCommandSpec().qualifiedName() + " " + option.longestName() + ": " + text);
        }
      }
    }
    String genkey = new CliRun("genkey", "--help").out.toString().replaceAll("\\s+", " ");
    assertTrue(genkey.contains("(default: rsa)"), genkey);
  }

  static List<CommandLine> all(CommandLine root) {
    List<CommandLine> out = new ArrayList<>();
    out.add(root);
    for (CommandLine sub : root.getSubcommands().values()) {
      out.addAll(all(sub));
    }
    return out;
  }
}
