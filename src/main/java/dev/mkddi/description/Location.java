package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A position in a description file: the file as the user named it, a 1-based line and a 1-based
 * column (0 when unknown, e.g. for a file as a whole). Immutable.
 *
 * @param file the file, as the user named it (relative paths stay relative)
 * @param line 1-based line, or 0 when the position is the whole file
 * @param column 1-based column, or 0 when unknown
 */
public record Location(Path file, int line, int column) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when line or column is negative
   */
  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("negative position " + line + ":" + column);
    }
  }

  /**
   * @param file a file
   * @return a location naming the whole file
   */
  public static Location of(Path file) {
    return new Location(file, 0, 0);
  }

  /**
   * @return {@code file:line:col}, {@code file:line} or {@code file}, as far as known
   */
  @Override
  public String toString() {
    if (line == 0) {
      return file.toString();
    }
    return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }

  /**
   * @return {@code file:line} (or {@code file}), the form used for warnings
   */
  public String toLineString() {
    return line == 0 ? file.toString() : file + ":" + line;
  }
}
