package dev.mkddi.tree;

import java.nio.file.Path;

/**
 * How {@link TreeLoader} reads sources. Immutable.
 *
 * @param allRoot force owner and group 0 on every entry of every source
 * @param spoolDirectory where decompressed archives and expanded sparse entries are kept while the
 *     tree is in use (same space as the decompressed data); deleted by {@link TreeLoader#close()}
 * @param xattrLimit what the target file system can store of one entry's extended attributes
 */
public record TreeOptions(boolean allRoot, Path spoolDirectory, XattrLimit xattrLimit) {
  /**
   * @param allRoot force owner 0:0
   * @param spoolDirectory directory for temporary files
   * @param xattrLimit what the target file system can store of one entry's extended attributes
   */
  public TreeOptions {
    if (spoolDirectory == null || xattrLimit == null) {
      throw new IllegalArgumentException("spoolDirectory or xattrLimit is null");
    }
  }

  /**
   * Options without a limit on extended attributes beyond Linux's own.
   *
   * @param allRoot force owner 0:0
   * @param spoolDirectory directory for temporary files
   */
  public TreeOptions(boolean allRoot, Path spoolDirectory) {
    this(allRoot, spoolDirectory, XattrLimit.NONE);
  }
}
