package dev.mkddi.tree;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.PositionalIo;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary files holding decompressed archives and expanded sparse entries, so that writers can
 * stream file contents from disk instead of memory. {@link #close()} deletes them. Not thread-safe.
 */
final class Spool implements Closeable {
  private static final int BUFFER = 1 << 20;
  private final Path directory;
  private final List<Path> files = new ArrayList<>();

  /**
   * @param directory where the temporary files go
   */
  Spool(Path directory) {
    this.directory = directory;
  }

  /**
   * @return a new empty temporary file, deleted by {@link #close()}
   * @throws IOException when it cannot be created
   */
  Path newFile() throws IOException {
    if (directory == null) {
      throw new IllegalStateException("no spool directory configured");
    }
    Path file = Files.createTempFile(directory, ".mkddi-spool-", ".tmp");
    files.add(file);
    return file;
  }

  /**
   * Appends a stream to the end of {@code file}.
   *
   * @param file a spool file
   * @param in the bytes
   * @param what what is being read, for the message when reading fails
   * @return where they start in the file and how many there were
   * @throws dev.mkddi.io.InvalidInputException when reading {@code in} fails (corrupt input)
   * @throws IOException on a write failure
   */
  static long[] append(Path file, InputStream in, String what) throws IOException {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long start = out.size();
      long pos = start;
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = read(in, buf, what)) > 0) {
        PositionalIo.writeFully(out, ByteBuffer.wrap(buf, 0, n), pos);
        pos += n;
      }
      return new long[] {start, pos - start};
    }
  }

  private static int read(InputStream in, byte[] buf, String what) throws IOException {
    try {
      return in.readNBytes(buf, 0, buf.length);
    } catch (dev.mkddi.io.InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // decompressors throw EOFException without a message when the stream ends early
      String detail =
          e instanceof EOFException
              ? "unexpected end of data"
              : Excerpt.of(String.valueOf(e.getMessage()), Name.MAX_SHOWN);
      throw new dev.mkddi.io.InvalidInputException(detail == null ? what : what + ": " + detail, e);
    }
  }

  /** Deletes every spool file. */
  @Override
  public void close() {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // best effort: a temporary file
      }
    }
    files.clear();
  }
}
