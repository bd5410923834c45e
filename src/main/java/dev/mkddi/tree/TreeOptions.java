package dev.mkddi.tree;

import java.nio.file.Path;

/**
 * How {@link TreeLoader} reads sources. Immutable.
 *
 * @param allRoot force owner and group 0 on every entry of every source
 * @param spoolDirectory where decompressed archives and expanded sparse entries are kept while the
 *     tree is in use (same space as the decompressed data); deleted by {@link TreeLoader#close()}
 */
public record TreeOptions(boolean allRoot, Path spoolDirectory) {
  /**
   * @param allRoot force owner 0:0
   * @param spoolDirectory directory for temporary files
   */
  public TreeOptions {
    if (spoolDirectory == null) {
      throw new IllegalArgumentException("spoolDirectory is null");
    }
  }
}
