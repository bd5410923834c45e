package dev.mkddi.tree;

import dev.mkddi.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns a path from an archive into names below the root, refusing paths that escape it. */
final class EntryPath {
  private EntryPath() {}

  /**
   * Splits {@code raw} at {@code '/'}, dropping empty and {@code .} components.
   *
   * @param raw the path bytes as stored in the archive
   * @param source the archive, for messages
   * @return the names from the root down; empty for the root itself
   * @throws InvalidInputException when the path is absolute, contains {@code ..}, has a name longer
   *     than 255 bytes, or is deeper than {@link FileTree#MAX_DEPTH}
   */
  static List<Name> parse(byte[] raw, String source) throws InvalidInputException {
    String shown = Name.display(raw);
    if (raw.length > 0 && raw[0] == '/') {
      throw new InvalidInputException(
          source + ": entry '" + shown + "': absolute path (entries must stay inside the root)");
    }
    List<Name> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= raw.length; i++) {
      if (i < raw.length && raw[i] != '/') {
        continue;
      }
      byte[] part = Arrays.copyOfRange(raw, start, i);
      start = i + 1;
      if (part.length == 0 || (part.length == 1 && part[0] == '.')) {
        continue;
      }
      if (part.length == 2 && part[0] == '.' && part[1] == '.') {
        throw new InvalidInputException(
            source + ": entry '" + shown + "': '..' would escape the root");
      }
      String problem = Name.problem(part);
      if (problem != null) {
        throw new InvalidInputException(
            source + ": entry '" + shown + "': name '" + Name.display(part) + "': " + problem);
      }
      names.add(new Name(part));
      if (names.size() > FileTree.MAX_DEPTH) {
        throw new InvalidInputException(
            source + ": entry '" + shown + "': deeper than " + FileTree.MAX_DEPTH + " levels");
      }
    }
    return names;
  }
}
