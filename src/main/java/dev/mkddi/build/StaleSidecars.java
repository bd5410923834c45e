package dev.mkddi.build;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The side files {@code mkddi build} may write next to {@code <base>.raw}, and their removal when a
 * rebuild does not produce them again, so that a stale {@code .roothash.p7s}, {@code .efi} or
 * {@code --split} file of an earlier build never sits beside a new image. Stateless and
 * thread-safe.
 */
final class StaleSidecars {
  /** The extensions of the side files build writes, besides the split partitions. */
  static final List<String> EXTENSIONS =
      List.of("roothash", "roothash.p7s", "cmdline", "json", "efi");

  private StaleSidecars() {}

  /**
   * @param dir the target directory
   * @param base the base name of the image
   * @return every side file build could write for this base name
   */
  static List<Path> owned(Path dir, String base) {
    List<Path> out = new ArrayList<>();
    for (String e : EXTENSIONS) {
      out.add(dir.resolve(base + "." + e));
    }
    for (PartitionType t : PartitionTypes.all()) {
      out.add(dir.resolve(base + "." + t.name() + ".raw"));
    }
    return out;
  }

  /**
   * Deletes the side files of {@code base} in {@code dir} that are not in {@code produced}.
   *
   * @param dir the target directory
   * @param base the base name of the image
   * @param produced the files this build wrote
   * @return the files deleted
   * @throws IOException when one cannot be deleted
   */
  static List<Path> remove(Path dir, String base, Set<Path> produced) throws IOException {
    List<Path> deleted = new ArrayList<>();
    for (Path p : owned(dir, base)) {
      if (!produced.contains(p) && Files.deleteIfExists(p)) {
        deleted.add(p);
      }
    }
    return deleted;
  }
}
