package dev.mkddi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable tarball ({@code target/mkddi-<version>.tar.gz} of {@code mvn package}), installed
 * as the README says into a prefix: its launcher builds an image with only java on the PATH, its
 * man pages render, its bash and zsh completions complete the commands.
 */
class DistIT {
  @TempDir static Path prefix;
  @TempDir Path tmp;

  static Path root() {
    return Path.of(System.getProperty("mkddi.root", ".")).toAbsolutePath();
  }

  @BeforeAll
  static void install() throws Exception {
    Path tarball;
    try (Stream<Path> s = Files.list(root().resolve("target"))) {
      tarball =
          s.filter(p -> p.getFileName().toString().matches("mkddi-.*\\.tar\\.gz"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no target/mkddi-*.tar.gz: mvn package"));
    }
    Tools.run("tar", "-xzf", tarball.toString(), "-C", prefix.toString(), "--strip-components=1")
        .ok();
  }

  /** Runs a shell command with HOME in the test's directory and java on the PATH. */
  private Tools.Result sh(String script) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin").toString();
    return Tools.run(
        tmp,
        List.of(
            "env",
            "-i",
            "HOME=" + tmp,
            "PATH=" + java + ":/usr/bin:/bin",
            "PREFIX=" + prefix,
            "ROOT=" + root(),
            "bash",
            "-c",
            script));
  }

  @Test
  void testLauncher_buildsTheMinimalExampleWithOnlyJavaOnThePath() throws Exception {
    Tools.Result r = sh("$PREFIX/bin/mkddi build $ROOT/examples/minimal --target-dir out").ok();
    assertTrue(r.stdout().contains("minimal.x86_64-1.0.0.raw"), r.stdout());
    assertTrue(Files.size(tmp.resolve("out/minimal.x86_64-1.0.0.raw")) > 0);
    // the class-data archive of the first run goes to the user's cache; the second run maps it
    try (Stream<Path> s = Files.list(tmp.resolve(".cache/mkddi"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("mkddi-build-")));
    }
    r = sh("$PREFIX/bin/mkddi build $ROOT/examples/minimal --target-dir out2").ok();
    assertEquals(
        Files.readString(tmp.resolve("out/minimal.x86_64-1.0.0.roothash")),
        Files.readString(tmp.resolve("out2/minimal.x86_64-1.0.0.roothash")));
    Tools.run(
            "cmp",
            tmp.resolve("out/minimal.x86_64-1.0.0.raw").toString(),
            tmp.resolve("out2/minimal.x86_64-1.0.0.raw").toString())
        .ok();
  }

  @Test
  void testLauncher_withoutJavaSaysWhatItNeeds() throws Exception {
    // a PATH with the launcher's shell tools and no java (java is in /usr/bin on Debian)
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    for (String tool : List.of("bash", "readlink", "dirname", "sed", "cksum", "cut", "mkdir")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
    }
    Tools.Result r =
        Tools.run(
            tmp, List.of("env", "-i", "PATH=" + bin, "bash", prefix + "/bin/mkddi", "--version"));
    assertEquals(3, r.exitCode(), r.stderr());
    assertEquals("mkddi: no java on the PATH: mkddi needs Java 17 or newer\n", r.stderr());
  }

  @Test
  void testManPages_oneForEveryCommandAndTheyRender() throws Exception {
    Tools.require("man", "groff");
    Path man = prefix.resolve("share/man/man1");
    for (String page :
        List.of(
            "mkddi", "mkddi-build", "mkddi-verify", "mkddi-verity-format", "mkddi-mkfs-erofs")) {
      assertTrue(Files.isRegularFile(man.resolve(page + ".1")), page);
    }
    Tools.Result r = sh("MANWIDTH=100 man -l $PREFIX/share/man/man1/mkddi-build.1 | col -b").ok();
    assertTrue(r.stdout().contains("mkddi-build - Builds"), r.stdout());
    assertTrue(r.stdout().contains("--target-dir=DIR"), r.stdout());
    assertTrue(r.stdout().contains("EXIT STATUS"), r.stdout());
    // groff's strictest warnings, for every page
    r = sh("groff -man -ww -z $PREFIX/share/man/man1/*.1").ok();
    assertEquals("", r.stderr());
  }

  @Test
  void testBashCompletion_completesCommandsAndSubcommands() throws Exception {
    String source = "source $PREFIX/share/bash-completion/completions/mkddi; ";
    Tools.Result r =
        sh(source
                + "COMP_WORDS=(mkddi veri); COMP_CWORD=1; _complete_mkddi;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"")
            .ok();
    assertEquals("verify\nverity\n", r.stdout());
    r =
        sh(source
                + "COMP_WORDS=(mkddi verity ''); COMP_CWORD=2; _complete_mkddi;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"")
            .ok();
    assertEquals("format\nverify\ndump\n", r.stdout());
  }

  @Test
  void testZshCompletion_completesCommands() throws Exception {
    Tools.require("zsh");
    // an interactive zsh in a pseudo-terminal, with the tarball's site-functions on its fpath
    String script =
        String.join(
            "\n",
            "zmodload zsh/zpty",
            "zpty z zsh -f -i",
            "zpty -w z \"PS1='> '; fpath=($PREFIX/share/zsh/site-functions \\$fpath);"
                + " autoload -U compinit; compinit -u\"",
            "zpty -w -n z $'mkddi veri\\t'",
            "sleep 3",
            "zpty -w -n z $'\\t'",
            "sleep 2",
            "all=''",
            "while zpty -r -t z chunk; do all+=$chunk; done",
            "print -r -- \"$all\"",
            "zpty -d z");
    Files.writeString(tmp.resolve("complete.zsh"), script);
    Tools.Result r = sh("timeout 60 zsh -f complete.zsh").ok();
    assertTrue(r.stdout().contains("verify") && r.stdout().contains("verity"), r.stdout());
  }
}
