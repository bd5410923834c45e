package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real {@code mkddi build} process while it writes: one line on stderr
 * saying nothing was written, exit 128 + the signal, no temporary file, no work directory, and the
 * directories the build created for {@code --target-dir} gone. The build is slowed by a 1 GiB
 * sparse file in the root (its blocks are hashed, so the build takes seconds); the signal is sent
 * once the image's temporary file exists.
 */
class InterruptIT {
  private static final String BASE = "minimal.x86_64-1.0.0";

  @TempDir Path tmp;

  private Path description() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("desc"));
    Files.writeString(
        d.resolve("config.xml"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <image schemaversion="8.5" name="minimal">
          <description type="system"><author>a</author><contact>c</contact>
            <specification>s</specification></description>
          <preferences>
            <version>1.0.0</version>
            <type image="oem" filesystem="erofs" verity_blocks="all" verity_partition="true"/>
          </preferences>
        </image>
        """);
    Path root = Files.createDirectories(d.resolve("root"));
    try (RandomAccessFile f = new RandomAccessFile(root.resolve("big").toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    return d;
  }

  /** Starts {@code mkddi build} with SIGINT at its default action, whatever this JVM inherited. */
  private Process start(Path description, Path targetDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            "env",
            "--default-signal=INT",
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "build",
            description.toString(),
            "--target-dir",
            targetDir.toString());
    pb.redirectOutput(tmp.resolve("stdout").toFile());
    pb.redirectError(tmp.resolve("stderr").toFile());
    return pb.start();
  }

  /** Waits (at most a minute) until the build writes its image, then sends the signal. */
  private int interruptWhileWriting(Process p, Path out, String signal) throws Exception {
    Path temp = out.resolve(BASE + ".raw.tmp");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!Files.exists(temp) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (!p.isAlive() || !Files.exists(temp)) {
      p.destroyForcibly();
      fail("the build never wrote " + temp + ": " + stderr());
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    if (!p.waitFor(1, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("mkddi did not stop after SIG" + signal);
    }
    return p.exitValue();
  }

  private String stderr() throws IOException {
    return Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
  }

  /** The one line mkddi printed. */
  private void assertStderr(String line) throws IOException {
    assertEquals(List.of("mkddi: " + line), stderr().lines().toList());
  }

  @Test
  void testBuild_ctrlCRemovesTheTargetDirectoriesItCreated() throws Exception {
    Path d = description();
    Path out = tmp.resolve("a/b/out");
    int code = interruptWhileWriting(start(d, out), out, "INT");
    assertEquals(130, code, stderr());
    assertStderr(
        "build interrupted: nothing was written; " + out + ", which the build created, is removed");
    assertFalse(Files.exists(tmp.resolve("a")), "a/b/out and its parents are removed");
    assertEquals("", Files.readString(tmp.resolve("stdout")));
  }

  @Test
  void testBuild_sigtermKeepsAnExistingTargetDirectoryAndItsOlderFiles() throws Exception {
    Path d = description();
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path older = Files.writeString(out.resolve(BASE + ".roothash"), "older");
    int code = interruptWhileWriting(start(d, out), out, "TERM");
    assertEquals(143, code, stderr());
    assertStderr(
        "build interrupted: nothing was written to " + out + " (its temporary files are removed)");
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of(older), s.toList(), "only the older file is left");
    }
    assertTrue(Files.readString(older).equals("older"));
  }
}
