package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How large a description may be, so that no input costs time or memory out of proportion to its
 * size: each limit lies far above any real kiwi description (a few KB to a few hundred KB, names of
 * at most 30 characters, nesting of at most 6) and far below what would strain the loader. A file
 * or tree beyond one is refused with one line naming the position and the limit. Stateless.
 */
final class DescriptionLimits {
  /** Largest description file, and the most that a description and its includes hold together. */
  static final int MAX_FILE_BYTES = 16 << 20;

  /** Longest element or attribute name (kiwi's longest has 28 characters). */
  static final int MAX_NAME_LENGTH = 256;

  /** Most attributes on one element (kiwi's {@code <type>} knows about 90). */
  static final int MAX_ATTRIBUTES = 256;

  /** Longest attribute value (a kernel command line has at most a few KB). */
  static final int MAX_ATTRIBUTE_LENGTH = 64 << 10;

  /** Longest text directly inside one element. */
  static final int MAX_TEXT_LENGTH = 1 << 20;

  /** Deepest nesting of elements, the root being level 1. */
  static final int MAX_DEPTH = 64;

  /** Most elements in a description with its includes. */
  static final int MAX_ELEMENTS = 100_000;

  private DescriptionLimits() {}

  /**
   * Reads a description file, refusing one larger than {@link #MAX_FILE_BYTES} without reading it
   * all.
   *
   * @param file the file
   * @return its bytes
   * @throws DescriptionException when it is too large
   * @throws IOException when it cannot be read
   */
  static byte[] read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new DescriptionException(
          Location.of(file),
          Files.size(file) + " bytes, a description file may have at most " + mib() + " MiB");
    }
    return bytes;
  }

  /**
   * Checks a start tag as the parser reaches it.
   *
   * @param at where it begins
   * @param name the element's name
   * @param depth its nesting level, the root being 1
   * @param elements how many elements the file has up to and including this one
   * @param attributes how many attributes it has
   * @throws DescriptionException when a limit is exceeded
   */
  static void checkStartTag(Location at, String name, int depth, int elements, int attributes)
      throws DescriptionException {
    String tag = "<" + Excerpt.of(name) + ">";
    if (name.length() > MAX_NAME_LENGTH) {
      throw new DescriptionException(
          at,
          tag + ": element name of " + name.length() + " characters, " + atMost(MAX_NAME_LENGTH));
    }
    if (depth > MAX_DEPTH) {
      throw new DescriptionException(
          at, tag + ": nested " + depth + " elements deep, " + atMost(MAX_DEPTH));
    }
    if (elements > MAX_ELEMENTS) {
      throw new DescriptionException(
          at, tag + ": more than " + MAX_ELEMENTS + " elements, the most allowed");
    }
    if (attributes > MAX_ATTRIBUTES) {
      throw tooManyAttributes(at, name, attributes);
    }
  }

  /**
   * @param at where the start tag begins
   * @param name the element's name
   * @param attributes how many attributes it has
   * @return the error for more than {@link #MAX_ATTRIBUTES}
   */
  static DescriptionException tooManyAttributes(Location at, String name, int attributes) {
    return new DescriptionException(
        at, "<" + Excerpt.of(name) + ">: " + attributes + " attributes, " + atMost(MAX_ATTRIBUTES));
  }

  /**
   * @param at where the attribute begins
   * @param element the element's name
   * @param name the attribute's name
   * @param value its value
   * @throws DescriptionException when the name or the value is too long
   */
  static void checkAttribute(Location at, String element, String name, String value)
      throws DescriptionException {
    if (name.length() > MAX_NAME_LENGTH) {
      throw new DescriptionException(
          at,
          "<"
              + element
              + " "
              + Excerpt.of(name)
              + ">: attribute name of "
              + name.length()
              + " characters, "
              + atMost(MAX_NAME_LENGTH));
    }
    if (value.length() > MAX_ATTRIBUTE_LENGTH) {
      throw new DescriptionException(
          at,
          "<"
              + element
              + " "
              + name
              + "=\""
              + Excerpt.of(value)
              + "\">: value of "
              + value.length()
              + " characters, "
              + atMost(MAX_ATTRIBUTE_LENGTH));
    }
  }

  /**
   * @param at where the element begins
   * @param element its name
   * @param length the length of its text so far
   * @throws DescriptionException when the text is too long
   */
  static void checkText(Location at, String element, int length) throws DescriptionException {
    if (length > MAX_TEXT_LENGTH) {
      throw new DescriptionException(
          at, "<" + element + ">: text of " + length + " characters, " + atMost(MAX_TEXT_LENGTH));
    }
  }

  private static String atMost(int limit) {
    return "at most " + limit + " allowed";
  }

  static int mib() {
    return MAX_FILE_BYTES >> 20;
  }
}
