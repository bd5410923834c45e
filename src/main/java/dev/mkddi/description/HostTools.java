package dev.mkddi.description;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The directories searched for the external programs a description may need (today {@code mkfs.xfs}
 * and {@code mkfs.btrfs} for an overlay root's write partition), so that {@code describe} reports a
 * missing one at the attribute that asks for it. The command line builds it from {@code PATH};
 * nothing below the command line reads the environment. Immutable and thread-safe.
 *
 * @param searchPath the directories, in order
 */
public record HostTools(List<Path> searchPath) {
  /** No directories: every program is missing (the default of {@link LoadOptions}). */
  public static final HostTools NONE = new HostTools(List.of());

  /** Copies the list. */
  public HostTools {
    searchPath = List.copyOf(searchPath);
  }

  /**
   * @param path a search path as {@code PATH} spells it (directories separated by {@code :}), or
   *     null
   * @return the tools on it; empty and malformed entries are skipped
   */
  public static HostTools fromPath(@Nullable String path) {
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(":", -1)) {
        try {
          if (!d.isEmpty()) {
            dirs.add(Path.of(d));
          }
        } catch (InvalidPathException e) {
          // a PATH entry the file system cannot name holds no program either
        }
      }
    }
    return new HostTools(dirs);
  }

  /**
   * @param program a program name without directory, e.g. {@code mkfs.xfs}
   * @return the first executable of that name on the search path
   */
  public Optional<Path> find(String program) {
    for (Path d : searchPath) {
      Path p = d.resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
