package dev.mkddi.cli;

import dev.mkddi.io.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The "Exit codes:" section of every command's help and man page: the codes of {@link ExitCode},
 * worded for what the command does. Constants only; thread-safe.
 */
final class ExitCodeHelp {
  /** Commands whose checks can fail (exit code 1), and what a failure is for each. */
  private static final Map<String, String> CHECK_FAILED =
      Map.of(
          "mkddi verify",
          "a check failed; the first problem is one line on stderr",
          "mkddi verity verify",
          "verification failed: the first bad block (data block index and byte offset, or hash"
              + " level and block) or the root hash mismatch, on stderr",
          "mkddi cmdline",
          "the sources of the root hash disagree, or --hash-offset does not match",
          "mkddi",
          "a check failed (verify, verity verify, cmdline)");

  /** What exit code 2 means where it is more than bad input. */
  private static final Map<String, String> INVALID =
      Map.of(
          "mkddi describe",
          "the description is invalid, or has problems that would stop a build (the plan is"
              + " printed with them)",
          "mkddi cmdline",
          "bad usage, or no root hash can be found",
          "mkddi inspect",
          "bad usage, or IMAGE is not a GPT disk",
          "mkddi verify",
          "bad usage, or IMAGE is not a GPT disk");

  private static final String HEADING = "%nExit codes:%n";

  private ExitCodeHelp() {}

  /**
   * Gives {@code cl} and its subcommands, recursively, their exit code sections.
   *
   * @param cl a command tree
   */
  static void addTo(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    spec.usageMessage().exitCodeListHeading(HEADING).exitCodeList(codes(spec.qualifiedName()));
    for (CommandLine sub : cl.getSubcommands().values()) {
      addTo(sub);
    }
  }

  /**
   * @param command a qualified command name ({@code mkddi verity verify})
   * @return its exit codes and what each means, in order
   */
  static Map<String, String> codes(String command) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(key(ExitCode.OK), "success");
    if (CHECK_FAILED.containsKey(command)) {
      codes.put(key(ExitCode.CHECK_FAILED), CHECK_FAILED.get(command));
    }
    codes.put(
        key(ExitCode.INVALID_INPUT),
        INVALID.getOrDefault(command, "bad usage or invalid input (one line on stderr)"));
    codes.put(key(ExitCode.IO_ERROR), "I/O failure (the message names the file) or internal error");
    codes.put(key(Main.INTERRUPTED), "interrupted by Ctrl-C (143: by SIGTERM)");
    return codes;
  }

  /** picocli aligns the descriptions after the longest key; right-align the codes. */
  private static String key(int code) {
    return String.format("%4d", code);
  }
}
