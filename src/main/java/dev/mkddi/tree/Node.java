package dev.mkddi.tree;

/**
 * One inode of a {@link FileTree}: a {@link Directory} or a {@link NonDirectory} (regular file,
 * symlink, device, FIFO, socket). Implementations are immutable records.
 */
public sealed interface Node permits Directory, NonDirectory {
  /**
   * @return ownership, permissions, mtime and extended attributes
   */
  Metadata metadata();
}
