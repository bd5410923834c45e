package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file named in a description: either in the description directory (resolved against it) or
 * inside the root tree being built (an absolute path there, written with a leading "/"). Immutable.
 *
 * @param origin where the file is
 * @param path for {@link Origin#DESCRIPTION}, the resolved path on this machine; for {@link
 *     Origin#ROOT_TREE}, the absolute path inside the image, e.g. {@code /boot/initrd.img}
 */
public record FileRef(Origin origin, Path path) {

  /** Where a referenced file is. */
  public enum Origin {
    /** Next to the description (the path is relative to its directory). */
    DESCRIPTION,
    /** Inside the image's root tree (the path starts with "/"). */
    ROOT_TREE
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when a root-tree path is not absolute
   */
  public FileRef {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(path, "path");
    if (origin == Origin.ROOT_TREE && !path.toString().startsWith("/")) {
      throw new IllegalArgumentException("root tree path must start with /: " + path);
    }
  }

  /**
   * @param spec the path as written: "/…" for the root tree, else relative to {@code dir}
   * @param dir the description directory
   * @return the reference
   */
  static FileRef parse(String spec, Path dir) {
    return spec.startsWith("/")
        ? new FileRef(Origin.ROOT_TREE, Path.of(spec))
        : new FileRef(Origin.DESCRIPTION, dir.resolve(spec));
  }

  /**
   * @return the path, marked {@code (root tree)} when it is inside the image
   */
  @Override
  public String toString() {
    return origin == Origin.ROOT_TREE ? path + " (root tree)" : path.toString();
  }
}
