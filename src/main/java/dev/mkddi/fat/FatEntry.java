package dev.mkddi.fat;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One input of a FAT file system: a directory, a file copied from the host, or a small file given
 * as bytes. Paths are inside the file system, {@code /}-separated, with or without a leading {@code
 * /} (e.g. {@code EFI/BOOT/BOOTX64.EFI}); parent directories are created as needed. Immutable and
 * thread-safe.
 */
public sealed interface FatEntry permits FatEntry.Directory, FatEntry.HostFile, FatEntry.Content {

  /**
   * @return the path inside the file system
   */
  String path();

  /**
   * @param path the directory's path inside the file system
   * @return a directory entry
   */
  static FatEntry directory(String path) {
    return new Directory(path);
  }

  /**
   * @param path the file's path inside the file system
   * @param source the host file whose content is streamed into the file system
   * @return a file entry
   */
  static FatEntry file(String path, Path source) {
    return new HostFile(path, source);
  }

  /**
   * @param path the file's path inside the file system
   * @param content the file's content (copied)
   * @return a file entry
   */
  static FatEntry bytes(String path, byte[] content) {
    return new Content(path, content);
  }

  /**
   * A directory.
   *
   * @param path path inside the file system
   */
  record Directory(String path) implements FatEntry {
    /** Compact constructor: rejects null. */
    public Directory {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A file whose content is a host file, read when the file system is written.
   *
   * @param path path inside the file system
   * @param source the host file
   */
  record HostFile(String path, Path source) implements FatEntry {
    /** Compact constructor: rejects null. */
    public HostFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * A file given as bytes (e.g. {@code loader/loader.conf}).
   *
   * @param path path inside the file system
   * @param content the bytes (a copy is kept and returned)
   */
  record Content(String path, byte[] content) implements FatEntry {
    /** Compact constructor: rejects null, copies the bytes. */
    public Content {
      Objects.requireNonNull(path, "path");
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    /**
     * @return the number of bytes
     */
    public int length() {
      return content.length;
    }
  }
}
