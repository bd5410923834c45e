package dev.mkddi.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sparse file of 4.5 GiB and a tail with 5000 random bytes at its start, just below 4 GiB and at
 * its end: the file-system tests' case of offsets and sizes beyond 32 bits.
 *
 * @param size the file's size
 * @param offsets where the random regions start
 * @param chunks the random regions, in the order of {@code offsets}
 */
public record BigSparseFile(long size, long[] offsets, List<byte[]> chunks) {
  private static final int CHUNK = 5000;

  /**
   * Writes the file (seeded: always the same bytes).
   *
   * @param file where
   * @return what was written
   * @throws IOException when it cannot be written
   */
  public static BigSparseFile write(Path file) throws IOException {
    long size = (9L << 29) + 12345; // 4.5 GiB and a tail
    long[] offsets = {0, (1L << 32) - 100, size - CHUNK};
    List<byte[]> chunks = new ArrayList<>();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size); // sparse
      Random rnd = new Random(7);
      for (long off : offsets) {
        byte[] b = new byte[CHUNK];
        rnd.nextBytes(b);
        f.seek(off);
        f.write(b);
        chunks.add(b);
      }
    }
    return new BigSparseFile(size, offsets, chunks);
  }

  /**
   * Asserts that {@code copy} (e.g. the file read back through a mounted image) has this size, the
   * random regions, and zeros in the hole at 2 GiB.
   *
   * @param copy the file to check
   * @throws IOException when it cannot be read
   */
  public void assertSameAs(Path copy) throws IOException {
    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ)) {
      assertEquals(size, ch.size());
      for (int i = 0; i < offsets.length; i++) {
        ByteBuffer b = ByteBuffer.allocate(CHUNK);
        ch.read(b, offsets[i]);
        assertArrayEquals(chunks.get(i), b.array(), "region at " + offsets[i]);
      }
      ByteBuffer hole = ByteBuffer.allocate(4096);
      ch.read(hole, 1L << 31);
      assertArrayEquals(new byte[4096], hole.array(), "zeros in the hole");
    }
  }
}
