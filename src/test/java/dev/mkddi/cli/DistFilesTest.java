package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DistFilesTest {
  @TempDir Path tmp;

  @Test
  void testWrite_aManPagePerCommandAndBothCompletions() throws IOException {
    DistFiles.write(tmp, Instant.parse("2026-01-01T00:00:00Z"), "1.2.3");
    for (CommandLine c : HelpCommandTest.all(Main.commandLine())) {
      Path page = tmp.resolve("share/man/man1/" + ManPage.name(c.getCommandSpec()) + ".1");
      assertTrue(Files.isRegularFile(page), page.toString());
    }
    String build = Files.readString(tmp.resolve("share/man/man1/mkddi-build.1"));
    assertTrue(
        build.startsWith(
            ".TH \"MKDDI\\-BUILD\" 1 \"2026\\-01\\-01\" \"mkddi 1.2.3\" \"mkddi manual\"\n"),
        build);
    assertTrue(build.contains("\n.TP\n\\fB\\-\\-target\\-dir\\fR=\\fIDIR\\fR\n"), build);
    assertTrue(build.contains("\n.SH EXIT STATUS\n.TP\n\\fB0\\fR\nsuccess\n"), build);
    assertTrue(build.contains("\n.SH SEE ALSO\nmkddi(1)\n"), build);
    String bash = Files.readString(tmp.resolve("share/bash-completion/completions/mkddi"));
    assertTrue(bash.startsWith("#!/usr/bin/env bash\n# bash completion of mkddi"), bash);
    assertFalse(bash.contains("stackoverflow"), "picocli's header with its links is replaced");
    assertTrue(bash.contains("complete -F _complete_mkddi"), bash);
    String zsh = Files.readString(tmp.resolve("share/zsh/site-functions/_mkddi"));
    assertTrue(zsh.startsWith("#compdef mkddi\n"), zsh);
    String verify = Files.readString(tmp.resolve("share/man/man1/mkddi-verify.1"));
    for (String option : List.of("strict", "secure\\-boot\\-certificate")) {
      assertTrue(verify.contains("\n.TP\n\\fB\\-\\-" + option + "\\fR"), verify);
    }
    for (String option : List.of("--strict", "--secure-boot-certificate")) {
      assertTrue(bash.contains(option), option + " completes in bash");
      assertTrue(zsh.contains(option), option + " completes in zsh");
    }
  }

  @Test
  void testWrite_sameInputsSameBytes() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    DistFiles.write(a, Instant.parse("2026-01-01T00:00:00Z"), "1");
    DistFiles.write(b, Instant.parse("2026-01-01T00:00:00Z"), "1");
    List<Path> files;
    try (Stream<Path> s = Files.walk(a)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertEquals(21, files.size()); // with the man pages of mkfs ext4, squashfs, swap, sbsign, sign
    for (Path f : files) {
      assertEquals(Files.readString(f), Files.readString(b.resolve(a.relativize(f))), f.toString());
    }
  }

  @Test
  void testEscape_roffControlsAndNonAscii() {
    assertEquals("\\&.hidden \\e \\-x \\[u2026]", ManPage.escape(".hidden \\ -x …"));
    assertEquals("a\n\\&'b", ManPage.escape("a\n'b"));
  }
}
