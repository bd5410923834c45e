package dev.mkddi.tree;

import java.util.List;

/**
 * A directory and its entries, sorted by name as unsigned bytes; {@code .} and {@code ..} are
 * implicit. Immutable.
 *
 * @param metadata ownership, permissions, mtime, xattrs
 * @param entries the entries, strictly increasing by name
 */
public record Directory(Metadata metadata, List<DirEntry> entries) implements Node {
  /**
   * @param metadata the metadata
   * @param entries the entries, sorted
   * @throws IllegalArgumentException when the entries are not sorted or a name repeats
   */
  public Directory {
    entries = List.copyOf(entries);
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i - 1).name().compareTo(entries.get(i).name()) >= 0) {
        throw new IllegalArgumentException(
            "directory entries not sorted or repeated at '" + entries.get(i).name() + "'");
      }
    }
  }

  /**
   * @return the number of entries that are directories (for the link count)
   */
  public int subdirectoryCount() {
    int n = 0;
    for (DirEntry e : entries) {
      if (e.node() instanceof Directory) {
        n++;
      }
    }
    return n;
  }
}
