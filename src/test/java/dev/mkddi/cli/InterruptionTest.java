package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@link Interruption} a test can hold without a signal (InterruptIT sends one). */
class InterruptionTest {
  @TempDir Path tmp;

  @Test
  void testMissing_outermostFirstAndNothingForAnExistingDirectory() throws Exception {
    Path out = tmp.resolve("a/b/out");
    assertEquals(List.of(tmp.resolve("a"), tmp.resolve("a/b"), out), Interruption.missing(out));
    Files.createDirectories(out);
    assertEquals(List.of(), Interruption.missing(out));
  }

  @Test
  void testCommandName_namesTheSubcommandsAsFarAsTheyGo() {
    String[] verity = {"--debug", "verity", "format", "data.img", "hash.img"};
    assertEquals("mkddi verity format", Main.commandName(Main.commandLine(verity), verity));
    String[] build = {"build", "--target-dir", "build", "examples/minimal"};
    assertEquals("mkddi build", Main.commandName(Main.commandLine(build), build));
    String[] none = {"--version"};
    assertEquals("mkddi", Main.commandName(Main.commandLine(none), none));
  }
}
