package dev.mkddi.erofs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Opens the scratch files of compression: the spool that holds compressed blocks between planning
 * and writing, and the packed file of fragments.
 */
final class Spools {
  private Spools() {}

  /**
   * A scratch file that can also be opened by its path (the spool's DELETE_ON_CLOSE unlinks the
   * file as soon as it is open): deleted when closed, or when the JVM exits.
   *
   * @param path where it is
   * @param channel open for reading and writing
   */
  record Scratch(Path path, FileChannel channel) implements Closeable {
    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * @param directory where to create it, or null for the system's temporary directory
   * @return a channel for reading and writing; the file is deleted when it is closed
   * @throws IOException when it cannot be created
   */
  static FileChannel open(@Nullable Path directory) throws IOException {
    return FileChannel.open(
        temp(directory, ".spool"),
        StandardOpenOption.READ,
        StandardOpenOption.WRITE,
        StandardOpenOption.DELETE_ON_CLOSE);
  }

  /**
   * @param directory where to create it, or null for the system's temporary directory
   * @param suffix the end of its name
   * @return the file, open for reading and writing
   * @throws IOException when it cannot be created
   */
  static Scratch named(@Nullable Path directory, String suffix) throws IOException {
    Path file = temp(directory, suffix);
    file.toFile().deleteOnExit();
    try {
      return new Scratch(
          file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static Path temp(@Nullable Path directory, String suffix) throws IOException {
    return directory == null
        ? Files.createTempFile(".mkddi-erofs-", suffix)
        : Files.createTempFile(directory, ".mkddi-erofs-", suffix);
  }
}
