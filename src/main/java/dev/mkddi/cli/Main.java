package dev.mkddi.cli;

import dev.mkddi.builder.ImageBuilder;
import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.ImageBuildException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Entry point: {@code mkddi <command> …}. */
public final class Main {
  private static final Pattern INVALID_OPTION =
      Pattern.compile("^Invalid value for option '([^']+)': (.*)");
  private static final Pattern INVALID_POSITIONAL =
      Pattern.compile("^Invalid value for positional parameter at index [^(]*\\(([^)]+)\\): (.*)");
  private static final Pattern EXPECTED_ONE_OF =
      Pattern.compile("expected one of \\[(.*)\\] \\(case-insensitive\\) but was '([^']*)'$");
  private static final Pattern NOT_AN_INTEGER = Pattern.compile("is not an? (int|long)$");
  private static final Pattern UNMATCHED =
      Pattern.compile(
          "^Unmatched arguments? from index [0-9]+: |^Unmatched argument at index [0-9]+: ");
  private static final Pattern CANNOT_CONVERT =
      Pattern.compile("cannot convert '([^']*)' to ([A-Za-z]+) \\(.*\\)$");

  /** Exit code after Ctrl-C, as a shell reports a process killed by SIGINT (128 + 2). */
  static final int INTERRUPTED = 130;

  private Main() {}

  /**
   * Runs mkddi and exits the JVM with the command's exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    CommandLine cl = commandLine(args);
    int code;
    try (Interruption interruption = Interruption.install(System.err, commandName(cl, args))) {
      CommandLine build = cl.getSubcommands().get("build");
      if (build != null && build.getCommand() instanceof BuildCommand b) {
        b.interruption = interruption;
      }
      code = cl.execute(args);
    }
    System.exit(code);
  }

  /**
   * @return the qualified name of the command {@code args} run ({@code mkddi verity format}), as
   *     far as its subcommand names go
   */
  static String commandName(CommandLine cl, String[] args) {
    CommandLine c = cl;
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      CommandLine sub = c.getSubcommands().get(arg);
      if (sub == null) {
        break;
      }
      c = sub;
    }
    return c.getCommandSpec().qualifiedName();
  }

  /**
   * Runs mkddi without exiting, for tests.
   *
   * @param args command-line arguments
   * @return the exit code
   */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /**
   * @return the configured picocli command tree with every subcommand, with error handlers
   *     installed
   */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command tree for one run: when {@code args} name a subcommand, only that one is added, as
   * building picocli's model of every command costs a noticeable part of a short run's time;
   * otherwise (help, version, no or an unknown command) all of them.
   *
   * @param args the command-line arguments the tree will execute
   * @return the configured picocli command tree, with error handlers installed
   */
  static CommandLine commandLine(String[] args) {
    List<Object> subs = subcommands();
    Object invoked = invoked(subs, args);
    prepareAhead(invoked, args);
    CommandLine cl = new CommandLine(new MkddiCommand());
    if (invoked instanceof HelpCommand) {
      invoked = null; // mkddi help COMMAND needs the command too
    }
    for (Object sub : subs) {
      if (invoked == null || sub == invoked) {
        cl.addSubcommand(sub);
      }
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.registerConverter(UUID.class, new UuidText.Converter());
    cl.setParameterExceptionHandler(Main::handleParameterException);
    cl.setExecutionExceptionHandler(Main::handleExecutionException);
    cl.setExitCodeExceptionMapper(t -> ExitCode.IO_ERROR);
    ExitCodeHelp.addTo(cl);
    return cl;
  }

  /**
   * Starts the invoked command's start-up work that depends on no option (a build's: compiling the
   * description schema, initializing the HMAC; a describe's: the schema) on a daemon thread, so
   * that it runs on the second processor while picocli builds its model and parses the options,
   * which leave it idle (0.13 s of one core off a build's start). A failure there is left to the
   * command, which meets it again. Nothing for help.
   */
  private static void prepareAhead(@Nullable Object invoked, String[] args) {
    Runnable work =
        invoked instanceof BuildCommand
            ? ImageBuilder::prepare
            : invoked instanceof DescribeCommand ? DescriptionLoader::prepare : null;
    List<String> words = Arrays.asList(args);
    if (work == null || words.contains("--help") || words.contains("-h")) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (RuntimeException | Error e) {
                // the command does the same work and reports the failure itself
              }
            },
            "mkddi-prepare");
    t.setDaemon(true);
    t.start();
  }

  /** The subcommands, in the order {@code mkddi --help} lists them. */
  private static List<Object> subcommands() {
    Object[] commands = {
      new BuildCommand(),
      new DescribeCommand(),
      new InspectCommand(),
      new VerifyCommand(),
      new CmdlineCommand(),
      new VerityCommand(),
      new MkfsCommand(),
      new GenkeyCommand(),
      new SbsignCommand(),
      new SignCommand(),
      new HelpCommand(),
    };
    return List.of(commands);
  }

  /**
   * @return the subcommand named by the first argument that is not an option (the root command's
   *     options take no values), or null
   */
  private static @Nullable Object invoked(List<Object> subs, String[] args) {
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      for (Object sub : subs) {
        Command c = sub.getClass().getAnnotation(Command.class);
        if (c.name().equals(arg) || Arrays.asList(c.aliases()).contains(arg)) {
          return sub;
        }
      }
      return null;
    }
    return null;
  }

  private static int handleParameterException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(usageError(cmd.getCommandSpec().qualifiedName(), String.valueOf(e.getMessage())));
    err.flush();
    return ExitCode.INVALID_INPUT;
  }

  /**
   * One line for a usage error: {@code mkddi build: --seed: 'nope' is not a UUID (try 'mkddi build
   * --help')}, picocli's wording shortened and without Java exception text.
   *
   * @param command the qualified command name ({@code mkddi build})
   * @param message picocli's message
   * @return the line
   */
  static String usageError(String command, String message) {
    String m = oneLine(message).strip();
    m = INVALID_OPTION.matcher(m).replaceFirst("$1: $2");
    m = INVALID_POSITIONAL.matcher(m).replaceFirst("$1: $2");
    m = CANNOT_CONVERT.matcher(m).replaceFirst("'$1' is not a valid $2");
    m =
        EXPECTED_ONE_OF
            .matcher(m)
            .replaceFirst(
                r ->
                    Matcher.quoteReplacement(
                        "'"
                            + r.group(2)
                            + "' is not one of "
                            + r.group(1).toLowerCase(Locale.ROOT)));
    m = NOT_AN_INTEGER.matcher(m).replaceFirst("is not a whole number");
    m = UNMATCHED.matcher(m).replaceFirst("unexpected argument ");
    if (m.startsWith("Missing required") || m.startsWith("Unknown option")) {
      m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
    return command + ": " + m + " (try '" + command + " --help')";
  }

  private static int handleExecutionException(
      Exception e, CommandLine cmd, ParseResult parseResult) {
    if (shuttingDown()) {
      return INTERRUPTED; // Ctrl-C or SIGTERM: the Interruption hook says what became of the output
    }
    PrintWriter err = cmd.getErr();
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    err.println("mkddi: " + describe(t));
    if (parseResult != null && parseResult.expandedArgs().contains("--debug")) {
      t.printStackTrace(err);
    }
    err.flush();
    return exitCode(t);
  }

  /**
   * The exit code of a failure: only mkddi's own exceptions ({@link ImageBuildException}, which
   * says whether the input was bad) and picocli's usage errors are the user's; anything else, an
   * {@link IllegalArgumentException} included, is a programming error (3).
   *
   * @param t a failure
   * @return the exit code for it
   */
  static int exitCode(Throwable t) {
    if (interrupted(t)) {
      return INTERRUPTED;
    }
    if (t instanceof ImageBuildException ibe) {
      return ibe.exitCode();
    }
    if (t instanceof ParameterException) {
      return ExitCode.INVALID_INPUT;
    }
    return ExitCode.IO_ERROR;
  }

  /**
   * One-line description of a failure for the user: file-system errors name the file and the
   * reason; unexpected exceptions name their type so a bug report is useful.
   *
   * @param t a failure
   * @return one line
   */
  static String describe(Throwable t) {
    if (interrupted(t)) {
      return "interrupted";
    }
    String msg = t.getMessage();
    if (t instanceof NoSuchFileException nsf) {
      return nsf.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException ade) {
      return ade.getFile() + ": permission denied";
    }
    if (t instanceof FileSystemException fse) {
      return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : "I/O error");
    }
    if (t instanceof ImageBuildException || t instanceof ParameterException) {
      return oneLine(msg);
    }
    if (t instanceof java.io.IOException) {
      return "I/O error: " + oneLine(msg);
    }
    return "internal error: "
        + t.getClass().getName()
        + (msg == null ? "" : ": " + oneLine(msg))
        + " (run with --debug for details)";
  }

  /**
   * Whether {@code t} is the consequence of Ctrl-C or SIGTERM: the cleanup hooks close the files
   * under the running build, which then fails with whatever the closed channel throws.
   */
  static boolean interrupted(Throwable t) {
    return t instanceof ClosedByInterruptException
        || t instanceof AsynchronousCloseException
        || t instanceof InterruptedException
        || shuttingDown();
  }

  /** Whether the JVM is shutting down: hooks can then no longer be added. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
    } catch (IllegalStateException e) {
      return true;
    }
    Runtime.getRuntime().removeShutdownHook(probe);
    return false;
  }

  private static String oneLine(@Nullable String msg) {
    return msg == null ? "(no message)" : msg.replace('\n', ' ').replace('\r', ' ');
  }
}
