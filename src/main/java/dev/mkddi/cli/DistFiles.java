package dev.mkddi.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the files of the installable tarball that come from the picocli model, run by {@code mvn
 * package}: a man page per command ({@code share/man/man1/mkddi.1}, {@code mkddi-build.1}, …), the
 * bash completion ({@code share/bash-completion/completions/mkddi}) and the zsh completion ({@code
 * share/zsh/site-functions/_mkddi}). The output depends only on the commands, the version and the
 * given timestamp. Not part of the CLI.
 */
public final class DistFiles {
  private DistFiles() {}

  /**
   * @param args output directory, build timestamp (ISO-8601, the project's
   *     project.build.outputTimestamp), version
   * @throws IOException when a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: DistFiles OUTDIR TIMESTAMP VERSION");
    }
    write(Path.of(args[0]), Instant.parse(args[1]), args[2]);
  }

  /**
   * Writes the man pages and completion scripts under {@code out}.
   *
   * @param out the output directory (the tarball's top directory)
   * @param timestamp the build's timestamp: the date of the man pages
   * @param version mkddi's version
   * @throws IOException when a file cannot be written
   */
  static void write(Path out, Instant timestamp, String version) throws IOException {
    CommandLine root = Main.commandLine();
    String date = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(timestamp);
    Path man = Files.createDirectories(out.resolve("share/man/man1"));
    writePages(root, man, date, version);
    String bash = bash(AutoComplete.bash("mkddi", root));
    Path completions = Files.createDirectories(out.resolve("share/bash-completion/completions"));
    Files.writeString(completions.resolve("mkddi"), bash, StandardCharsets.UTF_8);
    Path zsh = Files.createDirectories(out.resolve("share/zsh/site-functions"));
    Files.writeString(zsh.resolve("_mkddi"), zsh(bash), StandardCharsets.UTF_8);
  }

  private static void writePages(CommandLine cl, Path dir, String date, String version)
      throws IOException {
    String page = ManPage.render(cl.getCommandSpec(), date, version);
    Files.writeString(
        dir.resolve(ManPage.name(cl.getCommandSpec()) + ".1"), page, StandardCharsets.UTF_8);
    for (CommandLine sub : cl.getSubcommands().values()) {
      writePages(sub, dir, date, version);
    }
  }

  /** picocli's script with its header (installation notes, links) replaced by ours. */
  static String bash(String script) {
    int body = script.indexOf("\n\nif [ -n \"$BASH_VERSION\" ]");
    return "#!/usr/bin/env bash\n"
        + "# bash completion of mkddi, generated from its picocli model by picocli's AutoComplete."
        + "\n# Install as /usr/share/bash-completion/completions/mkddi (or under /usr/local/share),"
        + "\n# or source it from ~/.bashrc. zsh: share/zsh/site-functions/_mkddi.\n"
        + (body < 0 ? script : script.substring(body + 1));
  }

  /**
   * The zsh completion: zsh autoloads {@code _mkddi} from its fpath on the first completion of
   * mkddi; the file loads picocli's bash script through zsh's bashcompinit, which registers the
   * script's function for mkddi, then completes the current word with it.
   */
  static String zsh(String bash) {
    return "#compdef mkddi\n"
        + "# zsh completion of mkddi: picocli's bash completion through zsh's bashcompinit.\n"
        + "autoload -U +X bashcompinit && bashcompinit\n"
        + bash
        + "\n_bash_complete -F _complete_mkddi \"$@\"\n";
  }
}
