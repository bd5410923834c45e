package dev.mkddi.cli;

import dev.mkddi.erofs.ErofsImage;
import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
    List<Path> sources = paths.subList(0, paths.size() - 1);
    Path output = paths.get(paths.size() - 1).toAbsolutePath();
    checkOutput(sources, output);
    ErofsOptions options = options();
    StderrListener listener = StderrListener.forProcess();
    Path spool = Objects.requireNonNull(output.getParent(), "an absolute path has a parent");
    try (TreeLoader loader = new TreeLoader();
        AtomicFile out = AtomicFile.create(output)) {
      FileTree tree =
          loader.load(sources, new TreeOptions(allRoot, spool, ErofsWriter.XATTR_LIMIT), listener);
      ErofsImage image = ErofsWriter.plan(tree, options, listener);
      try {
        image.write(out.channel(), 0, listener);
      } catch (ChannelIOException e) {
        // reads of source files report their own paths; a failed write is the output's
        throw e.isOn(out.channel()) ? e.on(out.temp()) : e;
      }
      out.commit();
    }
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

  private static void checkOutput(List<Path> sources, Path output) throws InvalidInputException {
    if (Files.isDirectory(output)) {
      throw new InvalidInputException(output + ": is a directory (the last argument is OUTPUT)");
    }
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(output)) {
      // the image is renamed into place: a device node there would be replaced, not written
      throw new InvalidInputException(
          output + ": is not a regular file (a device or FIFO?); write the image to a file");
    }
    if (output.getParent() == null || !Files.isDirectory(output.getParent())) {
      throw new InvalidInputException(output + ": parent directory does not exist");
    }
    for (Path s : sources) {
      Path abs = s.toAbsolutePath().normalize();
      if (abs.equals(output.normalize())) {
        throw new InvalidInputException(output + ": is also a SOURCE");
      }
      if (Files.isDirectory(abs) && output.normalize().startsWith(abs)) {
        throw new InvalidInputException(
            output + ": is inside the SOURCE directory " + s + "; write it elsewhere");
      }
    }
  }
}
