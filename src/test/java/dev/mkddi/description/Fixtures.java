package dev.mkddi.description;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Locates the description fixtures and copies them into temporary directories. */
final class Fixtures {
  private Fixtures() {}

  /**
   * @return the directory holding one directory per scenario
   */
  static Path root() {
    try {
      return Path.of(Fixtures.class.getResource("kiwi-8.5/config.xml").toURI())
          .getParent()
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param scenario a scenario directory name
   * @return its path
   */
  static Path scenario(String scenario) {
    return root().resolve(scenario);
  }

  /**
   * @param suffix "-fail" for the broken scenarios, "" for all
   * @return the scenario names, sorted (not the fuzz seeds' directory)
   */
  static List<String> scenarios(String suffix) {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && !n.endsWith("JazzerTestInputs"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
