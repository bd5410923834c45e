package dev.mkddi.tree;

import java.nio.file.Path;

/**
 * Where a regular file's bytes are: {@code size} bytes starting at {@code offset} of {@code file}.
 * For a directory source the file itself (offset 0); for a plain tar the archive (the entry's data
 * offset); for a compressed tar the spool file {@link TreeLoader} decompressed it into. Writers
 * stream from here with {@link java.nio.channels.FileChannel#transferTo}. Immutable.
 *
 * @param file the file that holds the bytes
 * @param offset where they start
 * @param size how many there are
 */
public record FileContent(Path file, long offset, long size) {
  /**
   * @param file the file that holds the bytes
   * @param offset where they start, at least 0
   * @param size how many there are, at least 0
   */
  public FileContent {
    if (file == null || offset < 0 || size < 0) {
      throw new IllegalArgumentException("bad content " + file + " @" + offset + "+" + size);
    }
  }
}
