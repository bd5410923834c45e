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

class MkfsSquashfsCommandTest {
  @TempDir Path tmp;

  @Test
  void testMkfsSquashfs_tarWritesAReadableImage() throws IOException {
    Path tar = TreeFixtures.copy(tmp, "tree.tar.zst");
    Path out = tmp.resolve("out.sqfs");
    CliRun r =
        new CliRun(
            "mkfs", "squashfs", "--comp", "zstd", "--level", "3", tar.toString(), out.toString());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    try (FileChannel ch = FileChannel.open(out);
        SquashfsReader reader = SquashfsReader.open(ch, 0, "out.sqfs")) {
      assertEquals(SquashfsCompressor.ZSTD.id(), reader.superblock().compression());
      SquashfsInode f = reader.lookup("/etc/hostname").orElseThrow();
      assertArrayEquals("test\n".getBytes(), reader.read(f));
    }
    assertEquals(List.of("out.sqfs", "tree.tar.zst"), TreeFixtures.names(tmp)); // spool deleted
  }

  @Test
  void testMkfsSquashfs_mksquashfsSpellings() throws IOException {
    Path tar = TreeFixtures.copy(tmp, "tree.tar");
    Path out = tmp.resolve("out.sqfs");
    CliRun r =
        new CliRun(
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
    assertEquals(ExitCode.OK, r.code, r.err.toString());
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
    CliRun r = new CliRun(args);
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertTrue(r.err.toString().contains(message), r.err.toString());
    assertEquals(1, r.err.toString().lines().count(), r.err.toString());
    assertFalse(Files.exists(out));
  }

  @Test
  void testMkfsSquashfs_unknownNamesAreUsageErrors() throws IOException {
    Path src = Files.createDirectory(tmp.resolve("src"));
    String out = tmp.resolve("o.sqfs").toString();
    CliRun r = new CliRun("mkfs", "squashfs", "--comp", "brotli", src.toString(), out);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("'brotli' is not a compressor"), r.err.toString());
    r = new CliRun("mkfs", "squashfs", "--comp", "xz", "--bcj", "mips", src.toString(), out);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("'mips' is not a BCJ filter"), r.err.toString());
    assertEquals(
        ExitCode.INVALID_INPUT,
        new CliRun("mkfs", "squashfs", "-b", "1G", src.toString(), out).code);
  }

  @Test
  void testMkfsSquashfs_badArchiveLeavesNoOutput() throws IOException {
    Path tar = TreeFixtures.copy(tmp, "traversal-fail.tar");
    CliRun r = new CliRun("mkfs", "squashfs", tar.toString(), tmp.resolve("out.sqfs").toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertTrue(
        r.err.toString().startsWith("mkddi: " + tar + ": entry 'a/../../evil'"), r.err.toString());
    assertEquals(List.of("traversal-fail.tar"), TreeFixtures.names(tmp));
  }
}
