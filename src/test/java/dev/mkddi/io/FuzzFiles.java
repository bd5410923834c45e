package dev.mkddi.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private scratch directory for fuzz targets whose reader takes a path rather than a channel (tar
 * archives, descriptions): one per JVM, under {@code java.io.tmpdir}, removed when the JVM exits.
 * Fuzzing runs one target per JVM and one input at a time, so the same file names are reused.
 */
public final class FuzzFiles {
  private static final Path DIR = create();

  private FuzzFiles() {}

  /**
   * @param name a file name inside the scratch directory
   * @param content what to write
   * @return the file
   * @throws IOException when it cannot be written
   */
  public static Path write(String name, byte[] content) throws IOException {
    Path p = DIR.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    return p;
  }

  /**
   * @param name a directory name inside the scratch directory
   * @return the directory, created if needed
   * @throws IOException when it cannot be created
   */
  public static Path directory(String name) throws IOException {
    return Files.createDirectories(DIR.resolve(name));
  }

  private static Path create() {
    try {
      Path dir = Files.createTempDirectory("mkddi-fuzz-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort at exit
    }
  }
}
