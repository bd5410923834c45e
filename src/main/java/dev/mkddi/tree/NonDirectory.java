package dev.mkddi.tree;

/**
 * An inode that may carry several names (hard links). Within one {@link FileTree} the names whose
 * nodes have the same {@link #inode()} number are hard links of one inode; {@link
 * FileTree#of(Directory)} numbers inodes 1, 2, 3, … in tree order, so equal trees compare equal.
 */
public sealed interface NonDirectory extends Node permits RegularFile, Symlink, SpecialFile {
  /**
   * @return the inode number that identifies hard links within the tree
   */
  long inode();

  /**
   * @param inode the new inode number
   * @return a copy with the inode number replaced
   */
  NonDirectory withInode(long inode);

  /**
   * @param metadata the new metadata
   * @return a copy with the metadata replaced
   */
  NonDirectory withMetadata(Metadata metadata);
}
