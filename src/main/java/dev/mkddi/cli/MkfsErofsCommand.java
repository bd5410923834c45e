package dev.mkddi.cli;

import dev.mkddi.erofs.ErofsCompression;
import dev.mkddi.erofs.ErofsImage;
import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mkddi mkfs erofs SOURCE... OUTPUT}: an EROFS image of directories and tar archives, later
 * sources overlaying earlier ones, uncompressed or compressed as {@code mkfs.erofs -z} compresses.
 * Reads {@code SOURCE_DATE_EPOCH}.
 */
@Command(
    name = "erofs",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an EROFS image (4096-byte blocks) of the merged SOURCEs, uncompressed unless -z"
          + " names a compressor.",
      "A SOURCE is a directory or a tar archive (plain, .gz, .xz, .zst, .bz2); later SOURCEs"
          + " overlay earlier ones.",
      "With SOURCE_DATE_EPOCH set, it is the build time and newer mtimes are clamped to it;"
          + " otherwise the build time is the newest mtime in the tree."
    })
final class MkfsErofsCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Mixin MkfsSources sources;

  @Mixin MkfsIdentity identity;

  @Option(
      names = "-z",
      paramLabel = "ALG[,LEVEL]",
      description =
          "Compress regular files, as mkfs.erofs -z: lz4, lz4hc[,0-12] (default 9), lzma[,0-9"
              + " or 100-109] (default 6), deflate[,0-9] (default 1), zstd[,..22] (default 3);"
              + " also ALG,level=N,dictsize=N.")
  @Nullable String compressor;

  @Option(
      names = "-C",
      paramLabel = "BYTES",
      description =
          "Largest physical cluster with -z: a multiple of 4096 up to 1048576 (default 4096).")
  @Nullable Integer pclusterSize;

  @Option(
      names = "-E",
      paramLabel = "X[,X]",
      split = ",",
      description =
          "Extended options with -z: ztailpacking (store the tail of a file inline), fragments"
              + " (pack the tails of files, and small files whole, into one compressed inode;"
              + " Linux 6.1 and later), all-fragments (every file whole into it).")
  List<String> extended = List.of();

  @Override
  public Integer call() throws Exception {
    ErofsOptions options = options();
    List<Path> paths = sources.paths;
    Path spool = paths.get(paths.size() - 1).toAbsolutePath().getParent();
    MkfsRun.run(
        paths,
        sources.allRoot,
        ErofsWriter.XATTR_LIMIT,
        (tree, out, listener) -> {
          try (ErofsImage image = ErofsWriter.plan(tree, options, spool, listener)) {
            image.write(out, 0, listener);
          }
        });
    return ExitCode.OK;
  }

  private ErofsOptions options() throws InvalidInputException {
    ErofsOptions o;
    try {
      o =
          ErofsOptions.defaults()
              .withLabel(identity.label)
              .withUuid(identity.uuid)
              .withSeed(identity.seed);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--label: " + e.getMessage());
    }
    o = o.withCompression(compression());
    Optional<Instant> epoch = SourceDateEpoch.fromEnvironment();
    if (epoch.isPresent()) {
      o = o.withSourceDateEpoch(epoch.get());
    }
    return o;
  }

  private @Nullable ErofsCompression compression() throws InvalidInputException {
    if (compressor == null) {
      if (pclusterSize != null || !extended.isEmpty()) {
        throw new InvalidInputException(
            (pclusterSize != null ? "-C" : "-E") + " needs -z (a compressor)");
      }
      return null;
    }
    ErofsCompression c;
    try {
      c = ErofsCompression.parse(compressor);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("-z " + compressor + ": " + e.getMessage());
    }
    try {
      if (pclusterSize != null) {
        c = c.withPclusterSize(pclusterSize);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("-C " + pclusterSize + ": " + e.getMessage());
    }
    for (String x : extended) {
      try {
        c = c.withExtendedOption(x);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("-E " + x + ": " + e.getMessage());
      }
    }
    return c;
  }
}
