package dev.mkddi.cli;

import dev.mkddi.ext4.Ext4Image;
import dev.mkddi.ext4.Ext4Options;
import dev.mkddi.ext4.Ext4Writer;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mkddi mkfs ext4 SOURCE... OUTPUT}: an ext4 file system of directories and tar archives,
 * writable (with a journal) or a read-only root for dm-verity. Reads {@code SOURCE_DATE_EPOCH}.
 */
@Command(
    name = "ext4",
    mixinStandardHelpOptions = true,
    description = {
      "Writes an ext4 file system (4096-byte blocks, the features of Debian 12's mkfs.ext4) of"
          + " the merged SOURCEs.",
      "A SOURCE is a directory or a tar archive (plain, .gz, .xz, .zst, .bz2); later SOURCEs"
          + " overlay earlier ones. Blocks of zeros become holes.",
      "Writable by default, with a journal; --read-only makes a root for dm-verity.",
      "With SOURCE_DATE_EPOCH set, it is the build time and newer mtimes are clamped to it;"
          + " otherwise the build time is the newest mtime in the tree."
    })
final class MkfsExt4Command implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Mixin MkfsSources sources;

  @Mixin MkfsIdentity identity;

  @Option(
      names = "--size",
      paramLabel = "N",
      converter = ByteSizeText.class,
      description =
          "File system size in bytes, or with K, M, G, T (default: the smallest that holds the"
              + " tree); OUTPUT is made this long.")
  @Nullable Long size;

  @Option(
      names = "--read-only",
      description =
          "A root for dm-verity: the read-only feature, no journal, no reserved blocks, no room to"
              + " grow, the smallest size.")
  boolean readOnly;

  @Option(
      names = "--inodes",
      paramLabel = "N",
      description = "At least this many inodes (default: mke2fs's count for the size).")
  long inodes;

  @Override
  public Integer call() throws Exception {
    Ext4Options options = options();
    MkfsRun.run(
        sources.paths,
        sources.allRoot,
        Ext4Writer.XATTR_LIMIT,
        (tree, out, listener) -> {
          Ext4Image image = Ext4Writer.plan(tree, options, listener);
          image.write(out, 0, listener);
          if (size != null && out.size() < size) {
            // the partition-sized file: the file system ends at a whole block (or group)
            PositionalIo.writeFully(out, ByteBuffer.allocate(1), size - 1);
          }
        });
    return ExitCode.OK;
  }

  private Ext4Options options() throws InvalidInputException {
    if (inodes < 0) {
      throw new InvalidInputException("--inodes: expected a positive count, got " + inodes);
    }
    if (size != null && size <= 0) {
      throw new InvalidInputException("--size: expected a positive size, got " + size);
    }
    Ext4Options o;
    try {
      o = Ext4Options.defaults().withLabel(identity.label);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("--label: " + e.getMessage());
    }
    o =
        o.withUuid(identity.uuid)
            .withSeed(identity.seed)
            .withReadOnly(readOnly)
            .withMinInodes(inodes);
    if (size != null) {
      o = o.withSize(size);
    }
    Optional<Instant> epoch = SourceDateEpoch.fromEnvironment();
    if (epoch.isPresent()) {
      o = o.withSourceDateEpoch(epoch.get());
    }
    return o;
  }
}
