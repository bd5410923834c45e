package dev.mkddi.description;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One source of root content; the build applies them in the order the description lists them.
 * Immutable.
 *
 * @param role what the source is
 * @param path where it is on this machine
 * @param targetDir the directory of the root tree it goes into, {@code "/"} by default
 */
public record RootSource(Role role, Path path, String targetDir) {

  /** What a root source is. */
  public enum Role {
    /** A tar archive from {@code <archive name=…>} (compression detected by content). */
    ARCHIVE,
    /** The {@code root/} overlay directory. */
    OVERLAY_DIRECTORY,
    /** {@code root.tar.gz}, used when there is no {@code root/}. */
    OVERLAY_ARCHIVE,
    /** The overlay directory of a selected profile, named like the profile. */
    PROFILE_DIRECTORY,
    /** A prepared root directory ({@code --root DIR}), in place of archives and root.tar.gz. */
    PREPARED_DIRECTORY,
    /** A prepared root archive ({@code --root ARCHIVE}), in place of archives and root.tar.gz. */
    PREPARED_ARCHIVE
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when the target directory is not absolute
   */
  public RootSource {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(path, "path");
    if (targetDir == null || !targetDir.startsWith("/")) {
      throw new IllegalArgumentException("target directory must start with /: " + targetDir);
    }
  }

  /**
   * @return whether the source is a directory (else a tar archive)
   */
  public boolean isDirectory() {
    return role == Role.OVERLAY_DIRECTORY
        || role == Role.PROFILE_DIRECTORY
        || role == Role.PREPARED_DIRECTORY;
  }
}
