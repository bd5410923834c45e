package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.erofs.ErofsReader;
import dev.mkddi.io.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MkfsErofsCommandTest {
  @TempDir Path tmp;

  @Test
  void testMkfsErofs_tarWritesAReadableImage() throws IOException {
    Path tar = TreeFixtures.copy(tmp, "tree.tar.zst");
    Path out = tmp.resolve("out.img");
    CliRun r = new CliRun("mkfs", "erofs", "--label", "root", tar.toString(), out.toString());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    try (FileChannel ch = FileChannel.open(out)) {
      ErofsReader reader = ErofsReader.open(ch, 0, "out.img");
      assertEquals("root", reader.superblock().volumeName());
      ErofsReader.Inode f = reader.lookup("/etc/hostname");
      assertArrayEquals("test\n".getBytes(), reader.read(f, 0, 5));
    }
    assertEquals(List.of("out.img", "tree.tar.zst"), TreeFixtures.names(tmp)); // spool deleted
  }

  @ParameterizedTest
  @CsvSource({
    "traversal-fail.tar, entry 'a/../../evil'",
    "absolute-fail.tar, entry '/etc/passwd'",
    "link-cycle-fail.tar, hard link cycle: a -> b -> a",
    "symlink-parent-fail.tar, entry 'a/passwd'",
    "long-symlink-fail.tar, entry 'l': symlink target is 4096 bytes long",
    "truncated-fail.tar, entry 'f': claims 3000 bytes",
    "truncated-fail.tar.gz, corrupt or truncated gzip data",
    "absurd-size-fail.tar, entry 'g': claims 8589934592 bytes",
    "not-a-tar-fail.tar, not a tar archive"
  })
  void testMkfsErofs_badArchiveExits2WithoutOutput(String name, String message) throws IOException {
    Path tar = TreeFixtures.copy(tmp, name);
    CliRun r = new CliRun("mkfs", "erofs", tar.toString(), tmp.resolve("out.img").toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertTrue(r.err.toString().startsWith("mkddi: " + tar + ": "), r.err.toString());
    assertTrue(r.err.toString().contains(message), r.err.toString());
    assertEquals(1, r.err.toString().lines().count(), r.err.toString());
    assertEquals(List.of(name), TreeFixtures.names(tmp));
  }

  @Test
  void testMkfsErofs_outputInsideSourceRefused() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    CliRun r = new CliRun("mkfs", "erofs", src.toString(), src.resolve("x.img").toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertTrue(r.err.toString().contains("is inside the SOURCE directory"), r.err.toString());
  }

  @Test
  void testMkfsErofs_badOptionsAreUsageErrors() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    String out = tmp.resolve("o.img").toString();
    assertEquals(
        ExitCode.INVALID_INPUT,
        new CliRun("mkfs", "erofs", "--label", "x".repeat(16), src.toString(), out).code);
    assertEquals(
        ExitCode.INVALID_INPUT,
        new CliRun("mkfs", "erofs", "--uuid", "not-a-uuid", src.toString(), out).code);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("mkfs", "erofs", src.toString()).code);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("mkfs").code);
  }

  @Test
  void testMkfsErofs_compressionOptions() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    Files.writeString(src.resolve("a"), "compressible text. ".repeat(2000));
    Path out = tmp.resolve("z.img");
    CliRun r =
        new CliRun(
            "mkfs",
            "erofs",
            "-zlz4hc,12",
            "-C",
            "16384",
            "-Eztailpacking",
            src.toString(),
            out.toString());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(Files.size(out) < 20_000, "compressed: " + Files.size(out));
    String[][] bad = {
      {"-z", "lzo", "-z lzo: unknown compressor 'lzo' (lz4, lz4hc, lzma, deflate, zstd)"},
      {"-zlz4hc,13", "", "-z lz4hc,13: lz4hc level 13: expected 0-12"},
      {"-C", "4097", "-C needs -z (a compressor)"},
      {"-Eztailpacking", "", "-E needs -z (a compressor)"},
    };
    for (String[] b : bad) {
      List<String> args = new java.util.ArrayList<>(List.of("mkfs", "erofs", b[0]));
      if (!b[1].isEmpty()) {
        args.add(b[1]);
      }
      args.add(src.toString());
      args.add(out.toString());
      CliRun bad1 = new CliRun(args.toArray(String[]::new));
      assertEquals(ExitCode.INVALID_INPUT, bad1.code, bad1.err.toString());
      assertEquals("mkddi: " + b[2], bad1.err.toString().trim());
    }
    CliRun c = new CliRun("mkfs", "erofs", "-zlz4", "-C", "5000", src.toString(), out.toString());
    assertEquals(
        "mkddi: -C 5000: physical cluster size 5000: expected a multiple of 4096 up to 1048576",
        c.err.toString().trim());
    CliRun e = new CliRun("mkfs", "erofs", "-zlz4", "-Ededupe", src.toString(), out.toString());
    assertTrue(e.err.toString().startsWith("mkddi: -E dedupe: not supported"), e.err.toString());
    CliRun f =
        new CliRun("mkfs", "erofs", "-zlz4", "-Efragments=65536", src.toString(), out.toString());
    assertTrue(
        f.err.toString().startsWith("mkddi: -E fragments=65536: not supported"), f.err.toString());
    CliRun g =
        new CliRun("mkfs", "erofs", "-zlz4hc", "-Efragments", src.toString(), out.toString());
    assertEquals(ExitCode.OK, g.code, g.err.toString());
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out)) {
      dev.mkddi.erofs.ErofsReader reader = dev.mkddi.erofs.ErofsReader.open(ch, 0, "z.img");
      assertTrue(reader.superblock().packedNid() != 0);
      assertEquals(
          "compressible text. ".repeat(2000),
          new String(
              reader.read(reader.lookup("/a"), 0, 38000), java.nio.charset.StandardCharsets.UTF_8));
    }
    try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
      assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith(".mkddi")).count());
    }
  }

  @Test
  void testMkfsErofs_uuidAndSeedMustBeCanonical() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    String out = tmp.resolve("o.img").toString();
    for (String option : new String[] {"--uuid", "--seed"}) {
      CliRun r = new CliRun("mkfs", "erofs", option, "1-2-3-4-5", src.toString(), out);
      assertEquals(ExitCode.INVALID_INPUT, r.code);
      assertTrue(
          r.err.toString().contains("'1-2-3-4-5' is not a UUID (expected 8-4-4-4-12 hex digits)"),
          r.err.toString());
    }
    assertEquals(
        ExitCode.OK,
        new CliRun(
                "mkfs",
                "erofs",
                "--uuid",
                "0123abcd-0000-4000-8000-00000000000F",
                src.toString(),
                out)
            .code);
    assertFalse(Files.exists(Path.of(out + ".tmp")));
  }

  @Test
  void testMkfsErofs_outputThatIsNotARegularFileRefused() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("src"));
    Path fifo = tmp.resolve("fifo");
    Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    CliRun r = new CliRun("mkfs", "erofs", src.toString(), fifo.toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains(fifo + ": is not a regular file"), r.err.toString());
    assertFalse(Files.isRegularFile(fifo));
  }

  @Test
  void testMkfsErofs_shuffledArchivesGiveIdenticalImages() throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      names.add("d" + (i % 9) + "/f" + i);
    }
    byte[] first = null;
    for (long seed = 1; seed <= 3; seed++) {
      Collections.shuffle(names, new Random(seed));
      Path tar = tmp.resolve("s" + seed + ".tar");
      try (OutputStream os = Files.newOutputStream(tar);
          TarArchiveOutputStream out = new TarArchiveOutputStream(os)) {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (String n : names) {
          TarArchiveEntry e = new TarArchiveEntry(n);
          byte[] data = n.repeat(n.length() * 7).getBytes();
          e.setSize(data.length);
          e.setModTime(1_700_000_000_000L + n.hashCode() % 1000 * 1000L);
          out.putArchiveEntry(e);
          out.write(data);
          out.closeArchiveEntry();
        }
      }
      Path img = tmp.resolve("s" + seed + ".img");
      assertEquals(ExitCode.OK, new CliRun("mkfs", "erofs", tar.toString(), img.toString()).code);
      byte[] bytes = Files.readAllBytes(img);
      if (first == null) {
        first = bytes;
      }
      assertArrayEquals(first, bytes, "seed " + seed);
    }
  }
}
