package dev.mkddi.tree;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One source of a tree with its own owner handling: a description's archive keeps the owners it
 * records, while its overlay directory (files checked out by whoever builds) is forced to root.
 * Immutable and thread-safe.
 *
 * @param path a directory or a tar archive
 * @param allRoot whether to force owner and group 0 on this source's entries
 */
public record TreeSource(Path path, boolean allRoot) {
  /** Checks the path. */
  public TreeSource {
    Objects.requireNonNull(path, "path");
  }
}
