package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Expands kiwi's {@code <include from="…"/>}: each one directly under {@code <image>} is replaced
 * by the children of the {@code <image>} root of the named file ({@code this://PATH}, {@code
 * file://PATH} or a plain path, relative to the description directory unless absolute, normalised).
 * Included elements keep their own file and positions. Includes do not nest, as in kiwi. Stateless.
 */
final class Includes {
  private Includes() {}

  /**
   * @param image the root element of the main file
   * @param dir the description directory
   * @return the tree with includes expanded
   * @throws DescriptionException for a missing, malformed or nested include
   * @throws IOException when an included file cannot be read
   */
  static XmlElement expand(XmlElement image, Path dir) throws IOException {
    if (image.children("include").isEmpty()) {
      return image;
    }
    List<XmlElement> out = new ArrayList<>();
    long bytes = Files.size(image.location().file());
    int elements = count(image);
    for (XmlElement c : image.children()) {
      if (!c.name().equals("include") || !c.namespace().isEmpty()) {
        out.add(c);
        continue;
      }
      XmlAttribute from =
          c.attribute("from")
              .orElseThrow(
                  () ->
                      new DescriptionException(c.location(), "<include> lacks the attribute from"));
      Path file = resolve(from, dir);
      if (!Files.isRegularFile(file)) {
        throw refused(from, Excerpt.of(file.toString(), 400) + " does not exist");
      }
      bytes += Files.size(file);
      if (bytes > DescriptionLimits.MAX_FILE_BYTES) {
        throw refused(
            from,
            "the description and its includes exceed " + DescriptionLimits.mib() + " MiB together");
      }
      XmlElement included = DescriptionParser.parse(file);
      elements += count(included) - 1;
      if (elements > DescriptionLimits.MAX_ELEMENTS) {
        throw refused(
            from,
            "the description and its includes have more than "
                + DescriptionLimits.MAX_ELEMENTS
                + " elements, the most allowed");
      }
      if (!included.name().equals("image")) {
        throw new DescriptionException(
            included.location(),
            "an included file must have an <image> root, not <" + included.name() + ">");
      }
      for (XmlElement ic : included.children()) {
        if (ic.name().equals("include")) {
          throw new DescriptionException(
              ic.location(), "nested <include> is not supported (kiwi does not resolve it either)");
        }
        out.add(ic);
      }
    }
    return image.withChildren(out);
  }

  /** The number of elements in a tree, iteratively (the parser bounds its depth). */
  private static int count(XmlElement root) {
    int n = 0;
    Deque<XmlElement> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      XmlElement e = todo.pop();
      n++;
      todo.addAll(e.children());
    }
    return n;
  }

  private static Path resolve(XmlAttribute from, Path dir) throws DescriptionException {
    String v = from.value().strip();
    String path;
    if (v.startsWith("this://")) {
      path = v.substring("this://".length());
    } else if (v.startsWith("file://")) {
      path = v.substring("file://".length());
    } else if (v.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw refused(from, "expected this://PATH, file://PATH or a plain path");
    } else {
      path = v; // kiwi resolves a plain path against the description's directory too
    }
    Path p;
    try {
      p = Path.of(path);
    } catch (InvalidPathException e) {
      throw refused(from, "not a valid path");
    }
    return (p.isAbsolute() ? p : dir.resolve(p)).normalize();
  }

  private static DescriptionException refused(XmlAttribute from, String problem) {
    return new DescriptionException(
        from.location(), "<include from=\"" + Excerpt.of(from.value()) + "\">: " + problem);
  }
}
