package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs {@code mkddi} in-process, capturing stdout, stderr (the command's writer) and what core code
 * reports through {@link System#err} (warnings). Not thread-safe: it swaps {@code System.err} while
 * the command runs.
 */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final String warnings;
  final int code;

  /**
   * @param args the arguments; each is turned into a string
   */
  CliRun(Object... args) {
    String[] a = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      a[i] = args[i].toString();
    }
    // replace System.err before picocli exists: its default handler remembers System.err and
    // would otherwise redirect the command's err writer back to it
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CommandLine cl = Main.commandLine(a);
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(a);
    } finally {
      System.setErr(saved);
    }
    warnings = captured.toString(StandardCharsets.UTF_8);
  }

  /**
   * @return the single line on stderr, stripped (fails the test when there is not exactly one)
   */
  String errLine() {
    String e = err.toString();
    assertEquals(1, e.lines().count(), "one line expected: " + e);
    return e.strip();
  }
}
