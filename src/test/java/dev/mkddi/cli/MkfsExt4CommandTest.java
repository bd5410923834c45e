package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.ext4.Ext4Reader;
import dev.mkddi.io.ExitCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MkfsExt4CommandTest {
  @TempDir Path tmp;

  private Path tree() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/etc"));
    Files.writeString(src.resolve("hostname"), "mkddi\n");
    return src.getParent();
  }

  @Test
  void testMkfsExt4_sizeLabelAndSeed() throws IOException {
    Path out = tmp.resolve("var.img");
    Path src = tree();
    UUID seed = UUID.fromString("11111111-2222-3333-4444-555555555555");
    CliRun r = var16m(seed, src, out);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(16 << 20, Files.size(out));
    try (FileChannel ch = FileChannel.open(out)) {
      Ext4Reader reader = Ext4Reader.open(ch, 0, out.toString());
      assertEquals(16 << 20, reader.sizeBytes());
      long etc = reader.lookup(2, "etc".getBytes()).orElseThrow();
      long host = reader.lookup(etc, "hostname".getBytes()).orElseThrow();
      assertArrayEquals("mkddi\n".getBytes(), reader.read(host, 0, 100));
    }
    Path again = tmp.resolve("again.img");
    var16m(seed, src, again);
    assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again));
  }

  private static CliRun var16m(UUID seed, Path src, Path out) {
    return new CliRun("mkfs", "ext4", "--size", "16M", "--label", "var", "--seed", seed, src, out);
  }

  @Test
  void testMkfsExt4_sizeNotOnABlockKeepsTheFileSize() throws IOException {
    Path out = tmp.resolve("odd.img");
    CliRun r =
        new CliRun(
            "mkfs", "ext4", "--read-only", "--size", "3000001", tree().toString(), out.toString());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(3000001, Files.size(out));
    try (FileChannel ch = FileChannel.open(out)) {
      assertEquals(3000001 / 4096 * 4096, Ext4Reader.open(ch, 0, "x").sizeBytes());
    }
  }

  @Test
  void testMkfsExt4_treeTooLargeForSizeExits2WithoutOutput() throws IOException {
    Path src = tree();
    Files.write(src.resolve("big"), new byte[1 << 20]);
    Files.write(
        src.resolve("random"),
        new java.util.Random(1)
            .ints(300_000)
            .collect(StringBuilder::new, StringBuilder::append, StringBuilder::append)
            .toString()
            .getBytes());
    Path out = tmp.resolve("small.img");
    CliRun r = new CliRun("mkfs", "ext4", "--size", "300K", src.toString(), out.toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertTrue(
        r.err.toString().startsWith("mkddi: the tree needs an ext4 of at least "),
        r.err.toString());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(Path.of(out + ".tmp")));
  }

  @ParameterizedTest
  @CsvSource({
    "--size, 12Q, 'Invalid value for option ''--size'': ''12Q'' is not a size'",
    "--label, seventeen-bytes-x, '--label: label ''seventeen-bytes-x'': at most 16 bytes'",
    "--inodes, -5, '--inodes: expected a positive count, got -5'"
  })
  void testMkfsExt4_badOptionsExit2(String option, String value, String message)
      throws IOException {
    Path out = tmp.resolve("x.img");
    CliRun r = new CliRun("mkfs", "ext4", option, value, tree().toString(), out.toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertTrue(
        r.err.toString().contains(message.replace("Invalid value for option '--size': ", "")),
        r.err.toString());
    assertFalse(Files.exists(out));
  }

  @ParameterizedTest
  @CsvSource({"4096, 4096", "16M, 16777216", "2g, 2147483648", "1KiB, 1024", "3T, 3298534883328"})
  void testByteSize_parsesBinarySuffixes(String text, long bytes) {
    assertEquals(bytes, new ByteSizeText().convert(text));
  }
}
