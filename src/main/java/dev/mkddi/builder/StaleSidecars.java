package dev.mkddi.builder;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.io.AtomicFile;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sidecar.UpdateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The side files {@code mkddi build} may write next to {@code <base>.raw}. A build deletes all of
 * them before it renames its image into place ({@link Outputs#publish}), so that no side file of an
 * earlier build (a stale {@code .roothash}, a {@code .roothash.p7s}, {@code .efi} or {@code
 * --split} file or an update artifact, whose name holds a PARTUUID that changes with the content,
 * that the new build does not write) ever sits beside the new image. Stateless and thread-safe.
 */
final class StaleSidecars {
  private StaleSidecars() {}

  /**
   * @param ctx the build context, which names the side files ({@link BuildContext#sideFiles})
   * @return every side file build could write for this image, in the order a publication deletes
   *     them: the manifest first (its presence marks a complete set), the root hash before its
   *     signature (a root hash file is never there without the signature of a signed set)
   */
  static List<Path> owned(BuildContext ctx) throws IOException {
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
    out.addAll(updateFiles(ctx));
    return out;
  }

  /**
   * The update artifacts of this name and version in the target directory ({@code
   * <name>_<version>_*.raw*}, {@code <name>_<version>.efi}), and {@code SHA256SUMS} with its
   * signature when it lists only such files.
   */
  private static List<Path> updateFiles(BuildContext ctx) throws IOException {
    Path dir = ctx.request().targetDir();
    String prefix = ctx.description().name() + "_" + ctx.description().version();
    String uki = UpdateFiles.ukiFile(ctx.description().name(), ctx.description().version());
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                if (n.endsWith(AtomicFile.TEMP_SUFFIX)) {
                  return false; // temporary files, among them this build's own, not yet published
                }
                return n.equals(uki)
                    || n.startsWith(prefix + "_")
                        && Stream.of(UpdateFiles.Part.values())
                            .anyMatch(p -> n.contains("." + p.suffix() + ".raw"));
              })
          .sorted()
          .forEach(out::add);
    }
    Path sums = dir.resolve(UpdateFiles.SHA256SUMS);
    if (Files.isRegularFile(sums) && Files.size(sums) < (1 << 20)) {
      boolean ours =
          Files.readAllLines(sums, StandardCharsets.UTF_8).stream()
              .map(l -> l.substring(Math.min(l.length(), 66)))
              .allMatch(n -> n.equals(uki) || n.startsWith(prefix + "_"));
      if (ours) {
        out.add(sums);
        out.add(dir.resolve(UpdateFiles.SHA256SUMS_SIGNATURE));
      }
    }
    return out;
  }
}
