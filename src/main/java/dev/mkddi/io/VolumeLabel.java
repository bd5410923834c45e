package dev.mkddi.io;

import java.nio.charset.StandardCharsets;

/** The rule every file system label shares: at most so many bytes of UTF-8, no NUL. Stateless. */
public final class VolumeLabel {
  private VolumeLabel() {}

  /**
   * @param label a label
   * @param maxBytes the file system's limit in bytes
   * @throws IllegalArgumentException {@code "label 'L': at most N bytes of UTF-8, without NUL"}
   *     when it is too long or holds a NUL
   */
  public static void check(String label, int maxBytes) {
    if (label.getBytes(StandardCharsets.UTF_8).length > maxBytes || label.indexOf(0) >= 0) {
      throw new IllegalArgumentException(
          "label '" + label + "': at most " + maxBytes + " bytes of UTF-8, without NUL");
    }
  }
}
