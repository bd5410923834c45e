package dev.mkddi.tree;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A symbolic link, stored and never followed. Immutable.
 *
 * @param inode the inode number (hard links share it)
 * @param metadata ownership, permissions, mtime, xattrs
 * @param target the target path as bytes: 1 to {@link #MAX_TARGET} bytes without NUL
 */
public record Symlink(long inode, Metadata metadata, byte[] target) implements NonDirectory {
  /** Longest target Linux accepts (PATH_MAX - 1), in bytes. */
  public static final int MAX_TARGET = 4095;

  /**
   * @param inode the inode number
   * @param metadata the metadata
   * @param target the target bytes (copied)
   * @throws IllegalArgumentException when the target is empty, longer than {@link #MAX_TARGET}
   *     bytes or contains NUL
   */
  public Symlink {
    String problem = problem(target);
    if (problem != null) {
      throw new IllegalArgumentException("symlink target " + problem);
    }
    target = target.clone();
  }

  /**
   * @param target a candidate target
   * @return why it cannot be a symlink target on Linux, or null when it can
   */
  public static @Nullable String problem(byte[] target) {
    if (target.length == 0) {
      return "is empty";
    }
    if (target.length > MAX_TARGET) {
      return "is " + target.length + " bytes long, Linux allows at most " + MAX_TARGET;
    }
    for (byte b : target) {
      if (b == 0) {
        return "contains NUL";
      }
    }
    return null;
  }

  @Override
  public byte[] target() {
    return target.clone();
  }

  /**
   * @return the target length in bytes
   */
  public int targetLength() {
    return target.length;
  }

  @Override
  public Symlink withInode(long newInode) {
    return new Symlink(newInode, metadata, target);
  }

  @Override
  public Symlink withMetadata(Metadata newMetadata) {
    return new Symlink(inode, newMetadata, target);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Symlink s
        && inode == s.inode
        && metadata.equals(s.metadata)
        && Arrays.equals(target, s.target);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(inode) * 31 + Arrays.hashCode(target);
  }

  @Override
  public String toString() {
    return "Symlink[inode=" + inode + ", target=" + Name.display(target) + "]";
  }
}
