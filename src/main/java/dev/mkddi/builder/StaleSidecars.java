package dev.mkddi.builder;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.sidecar.SideFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The side files {@code mkddi build} may write next to {@code <base>.raw}. A build deletes all of
 * them before it renames its image into place ({@link Outputs#publish}), so that no side file of an
 * earlier build (a stale {@code .roothash}, a {@code .roothash.p7s}, {@code .efi} or {@code
 * --split} file the new build does not write) ever sits beside the new image. Stateless and
 * thread-safe.
 */
final class StaleSidecars {
  private StaleSidecars() {}

  /**
   * @param ctx the build context, which names the side files ({@link BuildContext#sideFiles})
   * @return every side file build could write for this image, in the order a publication deletes
   *     them: the manifest first (its presence marks a complete set), the root hash before its
   *     signature (a root hash file is never there without the signature of a signed set)
   */
  static List<Path> owned(BuildContext ctx) {
    SideFiles side = ctx.sideFiles();
    List<Path> out = new ArrayList<>();
    out.add(side.manifest());
    for (String e : SideFiles.EXTENSIONS) {
      Path p = side.file(e);
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    for (PartitionType t : PartitionTypes.all()) {
      out.add(side.split(t));
    }
    return out;
  }
}
