package dev.mkddi.squashfs;

import static dev.mkddi.tree.TestTrees.dir;
import static dev.mkddi.tree.TestTrees.entry;
import static dev.mkddi.tree.TestTrees.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TestTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SquashfsReaderTest {
  @TempDir Path tmp;

  private Path image() throws IOException {
    TestTrees t = new TestTrees(tmp);
    FileTree tree =
        FileTree.of(
            dir(
                entry("a", t.file(text(300_000, 1))),
                entry("d", dir(entry("b", t.file("small\n".getBytes()))))));
    Path image = tmp.resolve("good.sqfs");
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      SquashfsWriter.plan(tree, SquashfsOptions.defaults()).write(ch, 0, ProgressListener.NONE);
    }
    return image;
  }

  /** A copy of the good image with the superblock changed. */
  private Path broken(String name, Consumer<ByteBuffer> change) throws IOException {
    byte[] bytes = Files.readAllBytes(image());
    change.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static String readAll(Path image) throws IOException {
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, "x.sqfs")) {
      r.read(r.lookup("/a").orElseThrow());
      r.read(r.lookup("/d/b").orElseThrow());
      return "read";
    }
  }

  @Test
  void testRead_goodImage() throws IOException {
    assertEquals("read", readAll(image()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0|1|x.sqfs: offset 0: squashfs magic: expected 0x73717368 (hsqs), got 0x73717369",
        "28|5|x.sqfs: offset 28: squashfs version: expected 4.0, got 5.0",
        "12|4097|x.sqfs: offset 12: block size: expected a power of two",
        "20|9|x.sqfs: offset 20: compression: expected 1 to 6, got 9",
        "20|3|x.sqfs: offset 20: compression: lzo is not supported",
        "26|0|x.sqfs: offset 26: no_ids: expected at least 1, got 0",
        "64|99999999|x.sqfs: offset 64: inode_table_start: expected 96 to",
      })
  void testOpen_brokenSuperblockNamesTheField(int offset, long value, String message)
      throws IOException {
    Path p =
        broken(
            "fail-" + offset + ".sqfs",
            b -> {
              switch (offset) {
                case 0 -> b.putInt(0, b.getInt(0) + (int) value);
                case 28, 20, 26 -> b.putShort(offset, (short) value);
                case 12 -> b.putInt(12, (int) value);
                default -> b.putLong(offset, value);
              }
            });
    FormatException e = assertThrows(FormatException.class, () -> readAll(p));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void testRead_truncatedImage() throws IOException {
    byte[] bytes = Files.readAllBytes(image());
    Path p = tmp.resolve("truncated-fail.sqfs");
    Files.write(p, Arrays.copyOf(bytes, 60));
    FormatException e = assertThrows(FormatException.class, () -> readAll(p));
    assertEquals("x.sqfs: offset 0: superblock: the file is shorter than 96 bytes", e.getMessage());
    Files.write(p, Arrays.copyOf(bytes, 2000));
    e = assertThrows(FormatException.class, () -> readAll(p));
    assertTrue(
        e.getMessage().startsWith("x.sqfs: offset 40: bytes_used: the image is truncated: "),
        e.getMessage());
  }

  @Test
  void testRead_corruptDataBlockIsAFormatError() throws IOException {
    byte[] bytes = Files.readAllBytes(image());
    // the first data block starts right after the superblock (gzip has no options)
    for (int i = 96 + 10; i < 96 + 60; i++) {
      bytes[i] ^= 0x5a;
    }
    Path p = tmp.resolve("data-fail.sqfs");
    Files.write(p, bytes);
    FormatException e = assertThrows(FormatException.class, () -> readAll(p));
    assertTrue(e.getMessage().startsWith("x.sqfs: offset 96: data block: "), e.getMessage());
  }
}
