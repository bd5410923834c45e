package dev.mkddi.cli;

import dev.mkddi.io.ExitCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code mkddi help [COMMAND…]}: the help of mkddi or of a command, nested ones included ({@code
 * mkddi help verity format}). picocli's own help command stops at one level. Not thread-safe (one
 * instance per command line).
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Shows the help of mkddi or of a command (e.g. mkddi help verity format).")
final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, e.g. build.")
  List<String> command = new ArrayList<>();

  // set by picocli through init() before call()
  private @Nullable CommandLine self;
  private @Nullable PrintWriter out;
  private @Nullable ColorScheme colors;

  @Override
  public void init(
      CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine self = Objects.requireNonNull(this.self, "init() not called");
    PrintWriter out = Objects.requireNonNull(this.out, "init() not called");
    CommandLine target = self.getParent();
    for (String name : command) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new ParameterException(
            self,
            "unknown command '"
                + name
                + "' (commands of "
                + target.getCommandName()
                + ": "
                + String.join(", ", target.getSubcommands().keySet())
                + ")");
      }
      target = sub;
    }
    target.usage(out, colors == null ? CommandLine.Help.defaultColorScheme(Ansi.AUTO) : colors);
    return ExitCode.OK;
  }
}
