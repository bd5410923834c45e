package dev.mkddi.builder;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sidecar.UpdateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The side files {@code mkddi build} may write next to {@code <base>.raw}, and their removal when a
 * rebuild does not produce them again, so that a stale {@code .roothash.p7s}, {@code .efi}, {@code
 * --split} file or update artifact (whose name holds a PARTUUID that changes with the content) of
 * an earlier build never sits beside a new image. Stateless and thread-safe.
 */
final class StaleSidecars {
  private StaleSidecars() {}

  /**
   * @param ctx the build context, which names the side files ({@link BuildContext#sideFiles})
   * @return every side file build could write for this image
   */
  static List<Path> owned(BuildContext ctx) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String e : SideFiles.EXTENSIONS) {
      out.add(ctx.sideFiles().file(e));
    }
    for (PartitionType t : PartitionTypes.all()) {
      out.add(ctx.sideFiles().split(t));
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
