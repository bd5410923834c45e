package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErofsReaderTest {
  @TempDir Path tmp;

  private Path fixture() throws IOException {
    Path p = tmp.resolve("mkfs-small.erofs");
    try (InputStream in = getClass().getResourceAsStream("mkfs-small.erofs")) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void testOpen_readsAnImageOfMkfsErofs() throws IOException {
    try (FileChannel ch = FileChannel.open(fixture())) {
      ErofsReader r = ErofsReader.open(ch, 0, "mkfs-small.erofs");
      Superblock sb = r.superblock();
      assertEquals(UUID.fromString("11111111-2222-3333-4444-555555555555"), sb.uuid());
      assertEquals(36, sb.rootNid());
      assertEquals(1_700_000_000, sb.buildTime());
      assertEquals(2, sb.blocks());
      ErofsReader.Inode a = r.lookup("/a.txt");
      assertArrayEquals("hello\n".getBytes(), r.read(a, 0, 6));
      assertEquals(List.of(new Xattr("user.foo", "bar".getBytes())), a.xattrs());
      assertEquals(Instant.ofEpochSecond(1_700_000_000), a.mtime());
      ErofsReader.Inode big = r.lookup("/big");
      assertArrayEquals("x".repeat(5000).getBytes(), r.read(big, 0, 5000));
      ErofsReader.Inode link = r.lookup("/link");
      assertArrayEquals("a.txt".getBytes(), r.read(link, 0, (int) link.size()));
      assertEquals(
          List.of(".", "..", "a.txt", "big", "link"),
          r.list(r.lookup("/")).stream().map(ErofsReader.Entry::nameString).toList());
    }
  }

  @Test
  void testOpen_wrongChecksumRefused() throws IOException {
    Path p = fixture();
    byte[] b = Files.readAllBytes(p);
    b[2000] ^= 1; // an inode byte inside block 0
    Files.write(p, b);
    try (FileChannel ch = FileChannel.open(p)) {
      FormatException e = assertThrows(FormatException.class, () -> ErofsReader.open(ch, 0, "img"));
      assertTrue(
          e.getMessage().startsWith("img: offset 1028: checksum: expected 0x"), e.getMessage());
    }
  }

  @Test
  void testOpen_notErofsRefused() throws IOException {
    Path p = tmp.resolve("zero");
    Files.write(p, new byte[8192]);
    try (FileChannel ch = FileChannel.open(p)) {
      FormatException e =
          assertThrows(FormatException.class, () -> ErofsReader.open(ch, 0, "zero"));
      assertEquals(
          "zero: offset 1024: EROFS magic: expected 0xe0f5e1e2, got 0x00000000", e.getMessage());
    }
  }
}
