package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Xattr;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Damaged images: each flipped byte is found by its checksum, with the offset named. */
class Ext4ReaderTest {
  @TempDir Path tmp;

  private Path image() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    long[] offsets = new long[10];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = 2L * i * BLOCK_SIZE;
    }
    t.add("sparse", t.sparse(20L * BLOCK_SIZE, new byte[] {1}, offsets));
    t.add(
        "x",
        t.file(
            new byte[] {2},
            new Metadata(0644, 0, 0, Ext4Trees.T, List.of(new Xattr("user.big", new byte[500])))));
    FileTree tree = t.build();
    Path image = tmp.resolve("image");
    Ext4Image planned =
        Ext4Writer.plan(tree, Ext4Options.defaults().withReadOnly(true), ProgressListener.NONE);
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE);
    }
    return image;
  }

  /** Where each structure of {@link #image()} lies, found through a sound reader. */
  private long offsetOf(Path image, String what) throws IOException {
    try (FileChannel ch = FileChannel.open(image)) {
      Ext4Reader r = Ext4Reader.open(ch, 0, "image");
      long itable = r.group(0).inodeTable() * BLOCK_SIZE;
      long x = r.lookup(ROOT_INO, "x".getBytes()).orElseThrow();
      return switch (what) {
        case "magic" -> SUPERBLOCK_OFFSET + S_MAGIC;
        case "label" -> SUPERBLOCK_OFFSET + S_VOLUME_NAME;
        case "descriptor" -> BLOCK_SIZE + BG_FREE_INODES_COUNT_LO;
        case "inode" -> itable + (ROOT_INO - 1) * INODE_SIZE + I_MTIME;
        case "directory" -> ExtentMap.extents(r, ROOT_INO, r.inode(ROOT_INO))[1] * BLOCK_SIZE + 20;
        case "xattr" -> r.inode(x).fileAcl() * BLOCK_SIZE + 100;
        default -> throw new IllegalArgumentException(what);
      };
    }
  }

  @ParameterizedTest
  @CsvSource({
    "magic, ext4 superblock magic",
    "label, superblock checksum",
    "descriptor, group 0 descriptor checksum",
    "inode, inode 2 checksum",
    "directory, directory block checksum",
    "xattr, xattr block checksum"
  })
  void testRead_flippedByteFailsItsChecksum(String what, String field) throws IOException {
    Path image = image();
    long at = offsetOf(image, what);
    flip(image, at);
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> {
              try (FileChannel ch = FileChannel.open(image)) {
                Ext4Reader r = Ext4Reader.open(ch, 0, "image");
                r.list(ROOT_INO);
                for (Ext4Reader.Entry entry : r.list(ROOT_INO)) {
                  r.xattrs(entry.ino());
                }
              }
            });
    assertTrue(e.getMessage().startsWith("image: offset "), e.getMessage());
    assertTrue(e.getMessage().contains(": " + field + ": expected "), e.getMessage());
  }

  @Test
  void testRead_flippedExtentBlockFailsItsChecksum() throws IOException {
    Path image = image();
    long block;
    long ino;
    try (FileChannel ch = FileChannel.open(image)) {
      Ext4Reader r = Ext4Reader.open(ch, 0, "image");
      ino = r.lookup(ROOT_INO, "sparse".getBytes()).orElseThrow();
      ByteBuffer root = dev.mkddi.io.LittleEndian.wrap(r.inode(ino).block());
      block = Integer.toUnsignedLong(root.getInt(EXTENT_HEADER_SIZE + 4));
    }
    flip(image, block * BLOCK_SIZE + EXTENT_HEADER_SIZE + 8);
    try (FileChannel ch = FileChannel.open(image)) {
      Ext4Reader r = Ext4Reader.open(ch, 0, "image");
      FormatException e = assertThrows(FormatException.class, () -> r.read(ino, 0, 10));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "image: offset "
                      + (block * BLOCK_SIZE + EXTENT_TAIL_OFFSET)
                      + ": extent block checksum"),
          e.getMessage());
    }
  }

  @Test
  void testRead_truncatedImageIsEof() throws IOException {
    Path image = image();
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
      ch.truncate(BLOCK_SIZE);
    }
    try (FileChannel ch = FileChannel.open(image)) {
      assertThrows(EOFException.class, () -> Ext4Reader.open(ch, 0, "image").list(ROOT_INO));
    }
  }

  private static void flip(Path image, long at) throws IOException {
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x5a)).clear();
      ch.write(b, at);
    }
  }
}
