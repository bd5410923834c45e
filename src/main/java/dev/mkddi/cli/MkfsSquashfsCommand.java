package dev.mkddi.cli;

import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.squashfs.MksquashfsSizes;
import dev.mkddi.squashfs.SquashfsCompression;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsOptions;
import dev.mkddi.squashfs.SquashfsWriter;
import dev.mkddi.squashfs.XzFilter;
import dev.mkddi.tree.XattrLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code mkddi mkfs squashfs SOURCE... OUTPUT}: a SquashFS 4.0 image of directories and tar
 * archives, later sources overlaying earlier ones, compressed as mksquashfs would. The options take
 * mksquashfs's spellings too ({@code -comp}, {@code -b}, {@code -Xcompression-level}, {@code
 * -Xbcj}, {@code -Xdict-size}, {@code -Xhc}, {@code -tailends}, {@code -no-exports}, {@code
 * -no-duplicates}, {@code -all-root}). Reads {@code SOURCE_DATE_EPOCH}.
 */
@Command(
    name = "squashfs",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a SquashFS 4.0 image of the merged SOURCEs, laid out and compressed as mksquashfs"
          + " would (the options also take mksquashfs's spellings).",
      "A SOURCE is a directory or a tar archive (plain, .gz, .xz, .zst, .bz2); later SOURCEs"
          + " overlay earlier ones.",
      "With SOURCE_DATE_EPOCH set, it is the creation time and newer mtimes are clamped to it;"
          + " otherwise the creation time is the newest mtime in the tree."
    })
final class MkfsSquashfsCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Mixin MkfsSources sources;

  @Option(
      names = {"--comp", "-comp"},
      paramLabel = "ALG",
      converter = CompressorConverter.class,
      description = "Compressor: gzip (default), xz, zstd, lz4.")
  SquashfsCompressor compressor = SquashfsCompressor.GZIP;

  @Option(
      names = {"--level", "-Xcompression-level"},
      paramLabel = "N",
      description =
          "Compression level: gzip 1-9 (default 9), zstd 1-22 or negative (default 15), lz4 with"
              + " --hc 1-12 (default 12), xz the LZMA2 preset 0-9 (default: 6 with a faster"
              + " match finder, HC4, nice length 24).")
  @Nullable Integer level;

  @Option(
      names = {"--block-size", "-b"},
      paramLabel = "N",
      converter = SizeConverter.class,
      description = "Data block size: a power of two from 4K to 1M (default 128K).")
  @Nullable Integer blockSize;

  @Option(
      names = {"--bcj", "-Xbcj"},
      paramLabel = "FILTER[,FILTER...]",
      split = ",",
      converter = FilterConverter.class,
      description =
          "xz: also try these BCJ filters on each data block and keep the smallest result:"
              + " x86, powerpc, ia64, arm, armthumb, sparc, arm64, riscv.")
  List<XzFilter> filters = new ArrayList<>();

  @Option(
      names = {"--dict-size", "-Xdict-size"},
      paramLabel = "N",
      description =
          "xz: dictionary of data blocks, bytes (K, M suffixes) or N%% of the block size.")
  @Nullable String dictSize;

  @Option(
      names = {"--hc", "-Xhc"},
      description = "lz4: high compression.")
  boolean highCompression;

  @Option(
      names = {"--tail-ends", "-tailends"},
      description = "Pack the last partial block of larger files into fragments too.")
  boolean tailEnds;

  @Option(
      names = {"--no-exports", "-no-exports"},
      description = "Leave out the inode lookup table (the image cannot be exported over NFS).")
  boolean noExports;

  @Option(
      names = {"--no-duplicates", "-no-duplicates"},
      description = "Store identical files separately.")
  boolean noDuplicates;

  @Option(
      names = "--seed",
      paramLabel = "UUID",
      converter = UuidText.Converter.class,
      description =
          "Accepted like mkfs erofs's; a squashfs image has no UUID or salt, so its bytes never"
              + " depend on a seed.")
  @Nullable UUID seed;

  @Option(names = "-all-root", hidden = true, description = "mksquashfs's --all-root.")
  boolean allRootSingleDash;

  @Override
  public Integer call() throws Exception {
    SquashfsOptions options = options();
    MkfsRun.run(
        sources.paths,
        sources.allRoot || allRootSingleDash,
        XattrLimit.NONE,
        (tree, out, listener) ->
            SquashfsWriter.plan(tree, options, listener).write(out, 0, listener));
    return ExitCode.OK;
  }

  private SquashfsOptions options() throws InvalidInputException {
    SquashfsOptions o;
    try {
      SquashfsCompression c =
          SquashfsCompression.of(compressor)
              .withFilters(filters)
              .withHighCompression(highCompression);
      if (level != null) {
        c = c.withLevel(level);
      }
      int block = blockSize != null ? blockSize : SquashfsOptions.defaults().blockSize();
      if (dictSize != null) {
        c = c.withDictionarySize(MksquashfsSizes.dictionary("--dict-size", dictSize, block));
      }
      o =
          SquashfsOptions.defaults()
              .withCompression(c)
              .withBlockSize(block)
              .withTailEnds(tailEnds)
              .withExportTable(!noExports)
              .withDuplicates(!noDuplicates);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("mkfs squashfs: " + e.getMessage());
    }
    Optional<Instant> epoch = SourceDateEpoch.fromEnvironment();
    if (epoch.isPresent()) {
      try {
        o = o.withSourceDateEpoch(epoch.get());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("SOURCE_DATE_EPOCH: " + e.getMessage());
      }
    }
    return o;
  }

  /** The compressor names of {@code -comp}. */
  static final class CompressorConverter implements ITypeConverter<SquashfsCompressor> {
    @Override
    public SquashfsCompressor convert(String text) {
      try {
        return SquashfsCompressor.forComp(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The filter names of {@code -Xbcj}. */
  static final class FilterConverter implements ITypeConverter<XzFilter> {
    @Override
    public XzFilter convert(String text) {
      try {
        return XzFilter.forBcj(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Sizes as mksquashfs writes them: bytes, or a number with K or M. */
  static final class SizeConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      try {
        return MksquashfsSizes.size("size", text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + text + "' is not a size (bytes, or N K or N M)");
      }
    }
  }
}
