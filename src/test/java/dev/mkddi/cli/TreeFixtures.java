package dev.mkddi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The tree test archives of {@code dev/mkddi/tree} as files, and what a directory holds. */
final class TreeFixtures {
  private TreeFixtures() {}

  /**
   * @param dir where to put it
   * @param name the resource's name below {@code /dev/mkddi/tree/}
   * @return the copy
   */
  static Path copy(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in =
        Objects.requireNonNull(
            TreeFixtures.class.getResourceAsStream("/dev/mkddi/tree/" + name), name)) {
      Files.copy(in, p);
    }
    return p;
  }

  /**
   * @param dir a directory
   * @return the names of its entries, sorted
   */
  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
