package dev.mkddi.cli;

import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mkddi mkfs erofs SOURCE... OUTPUT}: an uncompressed EROFS image of directories and tar
 * archives, later sources overlaying earlier ones. Reads {@code SOURCE_DATE_EPOCH}.
 */
@Command(
    name = "erofs",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an uncompressed EROFS image (4096-byte blocks) of the merged SOURCEs.",
      "A SOURCE is a directory or a tar archive (plain, .gz, .xz, .zst, .bz2); later SOURCEs"
          + " overlay earlier ones.",
      "With SOURCE_DATE_EPOCH set, it is the build time and newer mtimes are clamped to it;"
          + " otherwise the build time is the newest mtime in the tree."
    })
final class MkfsErofsCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Parameters(
      arity = "2..*",
      paramLabel = "SOURCE... OUTPUT",
      hideParamSyntax = true,
      description = "Directories or tar archives, then the image file to write.")
  List<Path> paths;

  @Option(names = "--label", paramLabel = "L", description = "Volume label (at most 15 bytes).")
  String label = "";

  @Option(
      names = "--uuid",
      paramLabel = "UUID",
      converter = UuidText.Converter.class,
      description = "File system UUID (8-4-4-4-12 hex digits).")
  @Nullable UUID uuid;

  @Option(
      names = "--seed",
      paramLabel = "UUID",
      converter = UuidText.Converter.class,
      description = "Derive the UUID from this seed (and the label) instead of the tree.")
  @Nullable UUID seed;

  @Option(names = "--all-root", description = "Make every entry owned by 0:0.")
  boolean allRoot;

  @Override
  public Integer call() throws Exception {
    ErofsOptions options = options();
    MkfsRun.run(
        paths,
        allRoot,
        ErofsWriter.XATTR_LIMIT,
        (tree, out, listener) -> ErofsWriter.plan(tree, options, listener).write(out, 0, listener));
    return ExitCode.OK;
  }

  private ErofsOptions options() throws InvalidInputException {
    ErofsOptions o;
    try {
      o = ErofsOptions.defaults().withLabel(label).withUuid(uuid).withSeed(seed);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--label: " + e.getMessage());
    }
    Optional<Instant> epoch = SourceDateEpoch.fromEnvironment();
    if (epoch.isPresent()) {
      o = o.withSourceDateEpoch(epoch.get());
    }
    return o;
  }
}
