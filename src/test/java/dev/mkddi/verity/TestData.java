package dev.mkddi.verity;

import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** The data of the test vectors: 64-bit little-endian words {@code j × 0x9E3779B97F4A7C15}. */
final class TestData {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private TestData() {}

  /**
   * @param file created or truncated
   * @param bytes how many bytes to write
   * @return {@code file}
   */
  static Path write(Path file, long bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      long j = 0;
      long written = 0;
      while (written < bytes) {
        buf.clear();
        while (buf.hasRemaining()) {
          buf.putLong(j++ * GOLDEN);
        }
        buf.flip().limit((int) Math.min(buf.capacity(), bytes - written));
        written += buf.remaining();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    }
    return file;
  }

  /** Opens {@code file} for reading and writing, creating it when missing. */
  static FileChannel openReadWrite(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** The bytes of {@code ch} from {@code from} to {@code to}. */
  static byte[] readAll(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    PositionalIo.readFully(ch, b, from);
    return b.array();
  }
}
