package dev.mkddi.tree;

/**
 * The kinds of inodes a tree holds, with what Linux file systems record for each: the file type
 * bits of {@code st_mode} ({@code S_IFREG}, …) and the type byte of directory entries ({@code
 * FT_REG_FILE}, … of {@code include/linux/fs_types.h}, the values ext2/3/4 and EROFS store).
 */
public enum FileType {
  /** A regular file. */
  REGULAR(0100000, 1),
  /** A directory. */
  DIRECTORY(0040000, 2),
  /** A character device. */
  CHARACTER_DEVICE(0020000, 3),
  /** A block device. */
  BLOCK_DEVICE(0060000, 4),
  /** A FIFO. */
  FIFO(0010000, 5),
  /** A Unix domain socket. */
  SOCKET(0140000, 6),
  /** A symbolic link. */
  SYMLINK(0120000, 7);

  private final int modeBits;
  private final int direntType;

  FileType(int modeBits, int direntType) {
    this.modeBits = modeBits;
    this.direntType = direntType;
  }

  /**
   * @return the {@code S_IF*} bits of {@code st_mode}
   */
  public int modeBits() {
    return modeBits;
  }

  /**
   * @return the {@code FT_*} type of directory entries
   */
  public int direntType() {
    return direntType;
  }

  /**
   * @param node a node of a tree
   * @return its kind
   */
  public static FileType of(Node node) {
    if (node instanceof Directory) {
      return DIRECTORY;
    } else if (node instanceof RegularFile) {
      return REGULAR;
    } else if (node instanceof Symlink) {
      return SYMLINK;
    }
    return switch (((SpecialFile) node).type()) {
      case CHARACTER_DEVICE -> CHARACTER_DEVICE;
      case BLOCK_DEVICE -> BLOCK_DEVICE;
      case FIFO -> FIFO;
      case SOCKET -> SOCKET;
    };
  }
}
