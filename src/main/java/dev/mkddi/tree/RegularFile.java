package dev.mkddi.tree;

/**
 * A regular file. Immutable.
 *
 * @param inode the inode number (hard links share it)
 * @param metadata ownership, permissions, mtime, xattrs
 * @param content where its bytes are
 */
public record RegularFile(long inode, Metadata metadata, FileContent content)
    implements NonDirectory {
  /**
   * @return the size in bytes
   */
  public long size() {
    return content.size();
  }

  @Override
  public RegularFile withInode(long newInode) {
    return new RegularFile(newInode, metadata, content);
  }

  @Override
  public RegularFile withMetadata(Metadata newMetadata) {
    return new RegularFile(inode, newMetadata, content);
  }
}
