package dev.mkddi.builder;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.sidecar.SideFiles;
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
  private StaleSidecars() {}

  /**
   * @param ctx the build context, which names the side files ({@link BuildContext#sideFiles})
   * @return every side file build could write for this image
   */
  static List<Path> owned(BuildContext ctx) {
    List<Path> out = new ArrayList<>();
    for (String e : SideFiles.EXTENSIONS) {
      out.add(ctx.sideFiles().file(e));
    }
    for (PartitionType t : PartitionTypes.all()) {
      out.add(ctx.sideFiles().split(t));
    }
    return out;
  }

  /**
   * Deletes the side files of this image that are not in {@code produced}.
   *
   * @param ctx the build context
   * @param produced the files this build wrote
   * @return the files deleted
   * @throws IOException when one cannot be deleted
   */
  static List<Path> remove(BuildContext ctx, Set<Path> produced) throws IOException {
    List<Path> deleted = new ArrayList<>();
    for (Path p : owned(ctx)) {
      if (!produced.contains(p) && Files.deleteIfExists(p)) {
        deleted.add(p);
      }
    }
    return deleted;
  }
}
