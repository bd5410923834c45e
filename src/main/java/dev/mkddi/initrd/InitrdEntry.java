package dev.mkddi.initrd;

import java.util.Optional;

/**
 * One entry of an initrd's cpio archives. Immutable, thread-safe.
 *
 * @param path the path inside the initrd, without a leading {@code ./} or {@code /}
 * @param mode st_mode: file type and permission bits
 * @param size the data size in bytes (a symlink's target length)
 * @param linkTarget the target of a symlink
 * @param archive the number of the cpio archive it is in, from 0 (0 is often early microcode)
 * @param compression the compression of the part of the file that holds it
 */
public record InitrdEntry(
    String path,
    int mode,
    long size,
    Optional<String> linkTarget,
    int archive,
    InitrdCompression compression) {

  /**
   * @return whether this is a regular file
   */
  public boolean isFile() {
    return (mode & InitrdConstants.S_IFMT) == InitrdConstants.S_IFREG;
  }

  /**
   * @return whether this is a directory
   */
  public boolean isDirectory() {
    return (mode & InitrdConstants.S_IFMT) == InitrdConstants.S_IFDIR;
  }

  /**
   * @return whether this is a symbolic link
   */
  public boolean isSymlink() {
    return (mode & InitrdConstants.S_IFMT) == InitrdConstants.S_IFLNK;
  }
}
