package dev.mkddi.tree;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One source of a tree with its own owner handling and place: a description's archive keeps the
 * owners it records, while its overlay directory (files checked out by whoever builds) is forced to
 * root; kiwi's {@code <archive target_dir=…>} unpacks below a directory. Immutable and thread-safe.
 *
 * @param path a directory or a tar archive
 * @param allRoot whether to force owner and group 0 on this source's entries
 * @param at the directory of the tree the source's root becomes, e.g. {@code /} or {@code /opt/x}
 */
public record TreeSource(Path path, boolean allRoot, String at) {
  /** Checks the fields. */
  public TreeSource {
    Objects.requireNonNull(path, "path");
    if (at == null || !at.startsWith("/")) {
      throw new IllegalArgumentException("target directory must be absolute: " + at);
    }
  }

  /**
   * @param path a directory or a tar archive
   * @param allRoot whether to force owner and group 0 on this source's entries
   */
  public TreeSource(Path path, boolean allRoot) {
    this(path, allRoot, "/");
  }
}
