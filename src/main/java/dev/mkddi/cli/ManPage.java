package dev.mkddi.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders the man page (roff, man(7) macros) of one command from its picocli model, the same model
 * {@code --help} prints: name, synopsis, description, arguments, options with their defaults,
 * subcommands, exit codes, environment and related pages. picocli-codegen's ManPageGenerator writes
 * AsciiDoc, which needs asciidoctor (Ruby) to become a man page; this writes roff directly.
 * Stateless; thread-safe.
 */
final class ManPage {
  private ManPage() {}

  /**
   * @param command a command of the mkddi tree
   * @return its page name: {@code mkddi}, {@code mkddi-build}, {@code mkddi-verity-format}
   */
  static String name(CommandSpec command) {
    return command.qualifiedName("-");
  }

  /**
   * Renders the page of {@code command}.
   *
   * @param command a command of the mkddi tree
   * @param date the page's date, {@code YYYY-MM-DD} (the build's timestamp, for reproducibility)
   * @param version mkddi's version
   * @return the page in roff
   */
  static String render(CommandSpec command, String date, String version) {
    StringBuilder out = new StringBuilder();
    String name = name(command);
    out.append(".TH ")
        .append(quote(name.toUpperCase(Locale.ROOT)))
        .append(" 1 ")
        .append(quote(date))
        .append(' ')
        .append(quote("mkddi " + version))
        .append(' ')
        .append(quote("mkddi manual"))
        .append('\n');
    out.append(".SH NAME\n")
        .append(escape(name))
        .append(" \\- ")
        .append(escape(summary(command)))
        .append('\n');
    out.append(".SH SYNOPSIS\n.nf\n").append(escape(synopsis(command))).append("\n.fi\n");
    out.append(".SH DESCRIPTION\n");
    for (String paragraph : command.usageMessage().description()) {
      out.append(".PP\n").append(escape(text(paragraph))).append('\n');
    }
    List<PositionalParamSpec> positionals = visible(command.positionalParameters());
    if (!positionals.isEmpty()) {
      out.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : positionals) {
        out.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
        out.append(escape(describe(p))).append('\n');
      }
    }
    out.append(".SH OPTIONS\n");
    List<OptionSpec> options = new ArrayList<>(visible(command.options()));
    options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "")));
    for (OptionSpec o : options) {
      out.append(".TP\n").append(optionHeader(o)).append('\n');
      out.append(escape(describe(o))).append('\n');
    }
    Map<String, CommandLine> subs = command.subcommands();
    if (!subs.isEmpty()) {
      out.append(".SH COMMANDS\n");
      for (CommandLine sub : subs.values()) {
        CommandSpec s = sub.getCommandSpec();
        out.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n");
        out.append(escape(summary(s)))
            .append(" See \\fB")
            .append(escape(name(s)))
            .append("\\fR(1).\n");
      }
    }
    Map<String, String> codes = command.usageMessage().exitCodeList();
    if (!codes.isEmpty()) {
      out.append(".SH EXIT STATUS\n");
      for (Map.Entry<String, String> e : codes.entrySet()) {
        out.append(".TP\n\\fB").append(escape(e.getKey().strip())).append("\\fR\n");
        out.append(escape(e.getValue())).append('\n');
      }
    }
    if (command.parent() == null) {
      out.append(".SH ENVIRONMENT\n");
      environment(
          out,
          "SOURCE_DATE_EPOCH",
          "The build time of images and file systems, and the"
              + " newest mtime kept (newer ones are clamped to it); see mkddi-build(1).");
      environment(out, "MKDDI_JAVA_OPTS", "Extra JVM options for the launcher, e.g. -Xmx256m.");
      environment(
          out,
          "JAVA_HOME",
          "The Java runtime (17 or newer) the launcher runs; default:" + " java on the PATH.");
    }
    out.append(".SH SEE ALSO\n").append(escape(String.join(", ", seeAlso(command)))).append('\n');
    return out.toString();
  }

  private static void environment(StringBuilder out, String name, String what) {
    out.append(".TP\n\\fB").append(escape(name)).append("\\fR\n").append(escape(what)).append('\n');
  }

  private static List<String> seeAlso(CommandSpec command) {
    List<String> pages = new ArrayList<>();
    if (command.parent() != null) {
      pages.add(name(command.parent()) + "(1)");
    }
    for (CommandLine sub : command.subcommands().values()) {
      pages.add(name(sub.getCommandSpec()) + "(1)");
    }
    if (command.parent() == null) {
      pages.addAll(List.of("veritysetup(8)", "systemd-dissect(1)", "systemd-repart(8)"));
    }
    return pages;
  }

  private static <T extends ArgSpec> List<T> visible(List<T> args) {
    return args.stream().filter(a -> !a.hidden()).toList();
  }

  /** The first sentence of the description, for NAME and the command list. */
  private static String summary(CommandSpec command) {
    String[] d = command.usageMessage().description();
    String first = d.length == 0 ? "" : text(d[0]);
    int end = first.indexOf(". ");
    return end < 0 ? first : first.substring(0, end + 1);
  }

  private static String synopsis(CommandSpec command) {
    String s = new Help(command, Help.defaultColorScheme(Ansi.OFF)).synopsis(0).stripTrailing();
    return s.startsWith("Usage: ") ? s.substring("Usage: ".length()) : s;
  }

  private static String optionHeader(OptionSpec o) {
    StringBuilder h = new StringBuilder();
    for (String n : o.names()) {
      if (h.length() > 0) {
        h.append(", ");
      }
      h.append("\\fB").append(escape(n)).append("\\fR");
    }
    if (o.typeInfo().isBoolean() && o.arity().max() == 0) {
      return h.toString();
    }
    return h.append("=\\fI").append(escape(o.paramLabel())).append("\\fR").toString();
  }

  /** The description with picocli's variables filled in, as {@code --help} shows it. */
  private static String describe(ArgSpec a) {
    String d = text(String.join(" ", a.description()));
    String defaultValue = a.defaultValueString();
    d = d.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
    if (a.completionCandidates() != null) {
      List<String> candidates = new ArrayList<>();
      a.completionCandidates().forEach(candidates::add);
      d = d.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }
    return d;
  }

  /** picocli's descriptions are format strings: %n is a line break, %% a percent sign. */
  private static String text(String s) {
    return s.replace("%n", "\n").replace("%%", "%");
  }

  private static String quote(String s) {
    return '"' + escape(s).replace("\"", "\\(dq") + '"';
  }

  /**
   * Escapes text for roff: backslashes, minus signs (so that options are typed as they are
   * printed), and control characters at the start of a line.
   */
  static String escape(String s) {
    StringBuilder e = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> e.append("\\e");
                case '-' -> e.append("\\-");
                default -> {
                  if (c < 0x80) {
                    e.appendCodePoint(c);
                  } else {
                    e.append(String.format("\\[u%04X]", c)); // roff needs no input encoding
                  }
                }
              }
            });
    StringBuilder out = new StringBuilder();
    for (String line : e.toString().split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.startsWith(".") || line.startsWith("'")) {
        out.append("\\&");
      }
      out.append(line);
    }
    return out.toString();
  }
}
