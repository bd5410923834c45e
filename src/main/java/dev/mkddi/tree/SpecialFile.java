package dev.mkddi.tree;

/**
 * A device node, FIFO or socket. Immutable.
 *
 * @param inode the inode number (hard links share it)
 * @param metadata ownership, permissions, mtime, xattrs
 * @param type which kind
 * @param major device major number (0 unless a device), 0 to 4095
 * @param minor device minor number (0 unless a device), 0 to 2^20-1
 */
public record SpecialFile(long inode, Metadata metadata, SpecialType type, int major, int minor)
    implements NonDirectory {
  /** Largest major number Linux encodes (12 bits). */
  public static final int MAX_MAJOR = 0xFFF;

  /** Largest minor number Linux encodes (20 bits). */
  public static final int MAX_MINOR = 0xF_FFFF;

  /**
   * @param inode the inode number
   * @param metadata the metadata
   * @param type the kind
   * @param major major number
   * @param minor minor number
   * @throws IllegalArgumentException when a number is out of range or set on a FIFO or socket
   */
  public SpecialFile {
    if (major < 0 || major > MAX_MAJOR || minor < 0 || minor > MAX_MINOR) {
      throw new IllegalArgumentException("device number " + major + ":" + minor + " out of range");
    }
    if (!type.isDevice() && (major != 0 || minor != 0)) {
      throw new IllegalArgumentException(type + " with device number " + major + ":" + minor);
    }
  }

  @Override
  public SpecialFile withInode(long newInode) {
    return new SpecialFile(newInode, metadata, type, major, minor);
  }

  @Override
  public SpecialFile withMetadata(Metadata newMetadata) {
    return new SpecialFile(inode, newMetadata, type, major, minor);
  }
}
