package dev.mkddi.erofs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** Opens the scratch file that holds compressed blocks between planning and writing. */
final class Spools {
  private Spools() {}

  /**
   * @param directory where to create it, or null for the system's temporary directory
   * @return a channel for reading and writing; the file is deleted when it is closed
   * @throws IOException when it cannot be created
   */
  static FileChannel open(@Nullable Path directory) throws IOException {
    Path file =
        directory == null
            ? Files.createTempFile(".mkddi-erofs-", ".spool")
            : Files.createTempFile(directory, ".mkddi-erofs-", ".spool");
    return FileChannel.open(
        file,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE,
        StandardOpenOption.DELETE_ON_CLOSE);
  }
}
