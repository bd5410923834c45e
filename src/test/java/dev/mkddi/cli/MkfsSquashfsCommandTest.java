package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsInode;
import dev.mkddi.squashfs.SquashfsReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class MkfsSquashfsCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), err.toString());
  }

  private Path fixture(String name) throws IOException {
    Path p = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/dev/mkddi/tree/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void testMkfsSquashfs_tarWritesAReadableImage() throws IOException {
    Path tar = fixture("tree.tar.zst");
    Path out = tmp.resolve("out.sqfs");
    Run r =
        run("mkfs", "squashfs", "--comp", "zstd", "--level", "3", tar.toString(), out.toString());
    assertEquals(ExitCode.OK, r.code(), r.err());
    try (FileChannel ch = FileChannel.open(out);
        SquashfsReader reader = SquashfsReader.open(ch, 0, "out.sqfs")) {
      assertEquals(SquashfsCompressor.ZSTD.id(), reader.superblock().compression());
      SquashfsInode f = reader.lookup("/etc/hostname").orElseThrow();
      assertArrayEquals("test\n".getBytes(), reader.read(f));
    }
    assertEquals(List.of("out.sqfs", "tree.tar.zst"), files()); // spool deleted
  }

  @Test
  void testMkfsSquashfs_mksquashfsSpellings() throws IOException {
    Path tar = fixture("tree.tar");
    Path out = tmp.resolve("out.sqfs");
    Run r =
        run(
            "mkfs",
            "squashfs",
            "-comp",
            "xz",
            "-b",
            "64K",
            "-Xbcj",
            "x86,arm",
            "-Xdict-size",
            "50%",
            "-all-root",
            "-tailends",
            "-no-exports",
            tar.toString(),
            out.toString());
    assertEquals(ExitCode.OK, r.code(), r.err());
    try (FileChannel ch = FileChannel.open(out);
        SquashfsReader reader = SquashfsReader.open(ch, 0, "out.sqfs")) {
      assertEquals(65536, reader.superblock().blockSize());
      // dictionary 32768, filters x86 (1) and arm (8)
      assertEquals("0080000009000000", HexFormat.of().formatHex(reader.compressorOptions()));
      assertEquals(0x460, reader.superblock().flags(), "comp options, tail ends, duplicates");
      assertEquals(0, reader.lookup("/etc/hostname").orElseThrow().uid());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--comp lzo|lzo is not offered: no maintained Java library writes LZO1X",
        "--comp gzip --bcj x86|BCJ filters (-Xbcj) are an xz option, not gzip",
        "--level 10|gzip level 10 is out of range (1 to 9)",
        "--comp zstd --level 0|zstd level 0 is out of range (-131072 to -1 or 1 to 22)",
        "-b 3000|block size 3000 is not a power of two from 4096 to 1048576",
        "--block-size 2M|block size 2097152 is not a power of two from 4096 to 1048576",
        "--comp xz --dict-size 100000|xz dictionary size 100000 is not 8192 or more",
        "--comp xz -b 64K --dict-size 128K|xz dictionary size 131072 is larger than the block",
        "--hc|high compression (-Xhc) is an lz4 option, not gzip",
      })
  void testMkfsSquashfs_optionsThatDoNotFitAreRefused(String options, String message)
      throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    Path out = tmp.resolve("o.sqfs");
    String[] args =
        Stream.concat(
                Stream.concat(Stream.of("mkfs", "squashfs"), Stream.of(options.split(" "))),
                Stream.of(src.toString(), out.toString()))
            .toArray(String[]::new);
    Run r = run(args);
    assertEquals(ExitCode.INVALID_INPUT, r.code(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void testMkfsSquashfs_unknownNamesAreUsageErrors() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    String out = tmp.resolve("o.sqfs").toString();
    Run r = run("mkfs", "squashfs", "--comp", "brotli", src.toString(), out);
    assertEquals(ExitCode.INVALID_INPUT, r.code());
    assertTrue(r.err().contains("'brotli' is not a compressor"), r.err());
    r = run("mkfs", "squashfs", "--comp", "xz", "--bcj", "mips", src.toString(), out);
    assertEquals(ExitCode.INVALID_INPUT, r.code());
    assertTrue(r.err().contains("'mips' is not a BCJ filter"), r.err());
    assertEquals(
        ExitCode.INVALID_INPUT, run("mkfs", "squashfs", "-b", "1G", src.toString(), out).code());
  }

  @Test
  void testMkfsSquashfs_badArchiveLeavesNoOutput() throws IOException {
    Path tar = fixture("traversal-fail.tar");
    Run r = run("mkfs", "squashfs", tar.toString(), tmp.resolve("out.sqfs").toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code(), r.err());
    assertTrue(r.err().startsWith("mkddi: " + tar + ": entry 'a/../../evil'"), r.err());
    assertEquals(List.of("traversal-fail.tar"), files());
  }
}
