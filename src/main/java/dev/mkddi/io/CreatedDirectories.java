package dev.mkddi.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories an output directory needed that did not exist yet: created together, and removed
 * again (deepest first, only while empty) when the build that asked for them fails, so a failed
 * {@code --target-dir a/b/c} leaves nothing behind. Not thread-safe.
 */
public final class CreatedDirectories {
  private final List<Path> created;

  private CreatedDirectories(List<Path> created) {
    this.created = List.copyOf(created);
  }

  /**
   * Creates {@code dir} and its missing parents.
   *
   * @param dir the output directory
   * @return the directories this call created, to be removed on failure
   * @throws InvalidInputException when {@code dir} or one of its parents is not a directory
   * @throws IOException when a directory cannot be created
   */
  public static CreatedDirectories create(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      missing.add(0, p);
      p = p.getParent();
    }
    if (p != null && !Files.isDirectory(p)) {
      throw new InvalidInputException(
          dir
              + ": not a directory"
              + (p.equals(dir.toAbsolutePath().normalize()) ? "" : " (" + p + " is a file)"));
    }
    List<Path> created = new ArrayList<>();
    for (Path m : missing) {
      Files.createDirectory(m);
      created.add(0, m);
    }
    return new CreatedDirectories(created);
  }

  /**
   * @return the directories created, deepest first
   */
  public List<Path> paths() {
    return created;
  }

  /** Removes the created directories that are empty, deepest first; best effort. */
  public void removeEmpty() {
    for (Path p : created) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException notEmptyOrGone) {
        return;
      }
    }
  }
}
