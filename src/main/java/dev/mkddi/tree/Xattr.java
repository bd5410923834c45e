package dev.mkddi.tree;

import dev.mkddi.io.Excerpt;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One extended attribute: the full name with its namespace ({@code user.mime_type}, {@code
 * security.capability}, {@code system.posix_acl_access}) and its value as raw bytes. Immutable and
 * thread-safe.
 *
 * @param name the full attribute name, with its namespace prefix
 * @param value the value (copied; the accessor returns a copy)
 */
public record Xattr(String name, byte[] value) implements Comparable<Xattr> {
  /** Largest value Linux accepts (XATTR_SIZE_MAX), in bytes. */
  public static final int MAX_VALUE_SIZE = 65536;

  /**
   * @param name the full attribute name
   * @param value the value
   * @throws IllegalArgumentException when the name is empty, has no namespace or nothing after it,
   *     or contains NUL, or the value is larger than {@link #MAX_VALUE_SIZE}
   */
  public Xattr {
    if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('.') <= 0) {
      throw new IllegalArgumentException(
          "bad extended attribute name '" + Excerpt.of(name, Name.MAX_SHOWN) + "'");
    }
    if (name.indexOf('.') == name.length() - 1) {
      throw new IllegalArgumentException(
          "extended attribute name '"
              + Excerpt.of(name, Name.MAX_SHOWN)
              + "' has nothing after its namespace");
    }
    if (value.length > MAX_VALUE_SIZE) {
      throw new IllegalArgumentException(
          "extended attribute "
              + Excerpt.of(name, Name.MAX_SHOWN)
              + ": value of "
              + value.length
              + " bytes, Linux allows at most "
              + MAX_VALUE_SIZE);
    }
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /**
   * @return the value length in bytes
   */
  public int valueLength() {
    return value.length;
  }

  @Override
  public int compareTo(Xattr other) {
    return name.compareTo(other.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Xattr x && name.equals(x.name) && Arrays.equals(value, x.value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return name + "=0x" + HexFormat.of().formatHex(value);
  }
}
