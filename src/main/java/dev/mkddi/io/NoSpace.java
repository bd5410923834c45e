package dev.mkddi.io;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Names the file behind a "No space left on device" (or "Disk quota exceeded") write failure, which
 * the JDK reports without a path. Stateless.
 */
public final class NoSpace {
  private static final String[] REASONS = {"No space left on device", "Disk quota exceeded"};

  private NoSpace() {}

  /**
   * @param e a failure
   * @param file the file being written when it happened
   * @return {@code e} itself, or for a full disk a {@link FileSystemException} naming {@code file}
   */
  public static IOException named(IOException e, java.nio.file.Path file) {
    String msg = e.getMessage();
    if (e instanceof FileSystemException || msg == null) {
      return e;
    }
    for (String r : REASONS) {
      if (msg.contains(r)) {
        FileSystemException named = new FileSystemException(file.toString(), null, r);
        named.initCause(e);
        return named;
      }
    }
    return e;
  }
}
