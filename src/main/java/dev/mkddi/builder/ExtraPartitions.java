package dev.mkddi.builder;

import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.Filesystem;
import dev.mkddi.description.PartitionSpec;
import dev.mkddi.description.RootFilesystemSpec;
import dev.mkddi.fat.FatEntry;
import dev.mkddi.fat.FatImage;
import dev.mkddi.fat.FatOptions;
import dev.mkddi.fat.FatType;
import dev.mkddi.fat.FatWriter;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.squashfs.SquashfsCompression;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.swap.SwapHeader;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Plans the content of one extra partition: swap space gets a mkswap-compatible header; ext4 a
 * writable file system with a journal filling the partition; FAT a file system of the partition's
 * size; erofs and squashfs a read-only one that must fit it. A partition that names no file system
 * stays raw. Labels are the description's ({@link PartitionSpec#filesystemLabel()}); UUIDs derive
 * from the PARTUUID. Stateless.
 */
final class ExtraPartitions {
  /** The page size of the swap header: x86-64 and arm64 kernels use 4 KiB pages. */
  private static final int PAGE_SIZE = 4096;

  private ExtraPartitions() {}

  /**
   * @param ctx the build context
   * @param entry the layout entry
   * @param tree its content (from {@link SplitTreeStep}), or null when it names no file system
   * @param size the partition's size
   * @param partUuid its PARTUUID
   * @param work the work directory
   * @return the content, or empty for a raw partition
   * @throws InvalidInputException when the content does not fit the partition
   * @throws IOException when a source cannot be read
   */
  static Optional<PartitionContent> plan(
      BuildContext ctx,
      DiskLayout.Entry entry,
      @Nullable FileTree tree,
      long size,
      UUID partUuid,
      Path work)
      throws IOException {
    PartitionSpec spec = entry.extra().orElseThrow();
    UUID fsUuid = SeedDerivation.fileSystemUuid(partUuid);
    if (spec.designator() == dev.mkddi.description.Designator.SWAP) {
      SwapHeader h = SwapHeader.of(size, PAGE_SIZE, fsUuid, null, spec.filesystemLabel());
      return Optional.of(PartitionContent.of(size, (ch, offset, l) -> h.write(ch, offset)));
    }
    if (spec.filesystem().isEmpty()) {
      return Optional.empty();
    }
    Filesystem fs = spec.filesystem().get();
    if (tree == null) {
      throw new IllegalStateException("no tree for partition " + spec.name());
    }
    PartitionContent c =
        switch (fs) {
          case FAT16, FAT32 -> fat(ctx, spec, fs, tree, size, work);
          case EXT4 ->
              RootImages.plan(
                  ctx,
                  new RootFilesystemSpec(fs, Optional.empty(), Optional.empty()),
                  spec.filesystemLabel(),
                  size,
                  tree,
                  fsUuid,
                  work);
          case EROFS, SQUASHFS ->
              RootImages.plan(
                  ctx,
                  new RootFilesystemSpec(
                      fs,
                      Optional.empty(),
                      fs == Filesystem.SQUASHFS
                          ? Optional.of(
                              RootFilesystemSpec.kiwiSquashfs(
                                  SquashfsCompression.of(SquashfsCompressor.XZ)))
                          : Optional.empty()),
                  spec.filesystemLabel(),
                  0,
                  tree,
                  fsUuid,
                  work);
          default -> throw new IllegalStateException("describe refuses " + fs.kiwiName());
        };
    if (c.sizeBytes() > size) {
      c.close();
      throw new InvalidInputException(
          "partition '"
              + spec.name()
              + "' ("
              + size
              + " bytes) is too small for its "
              + fs.kiwiName()
              + " file system of "
              + spec.mountpoint().orElse("no content")
              + ", which needs "
              + c.sizeBytes()
              + " bytes ("
              + (c.sizeBytes() + (1 << 20) - 1) / (1 << 20)
              + " MiB)");
    }
    return Optional.of(c);
  }

  private static PartitionContent fat(
      BuildContext ctx, PartitionSpec spec, Filesystem fs, FileTree tree, long size, Path work)
      throws IOException {
    List<FatEntry> entries = new ArrayList<>();
    entries(tree.root(), "", entries, work, spec);
    Instant time = ctx.sourceDateEpoch().orElse(tree.newestMtime());
    FatOptions o =
        FatOptions.of(
                size,
                FatOptions.volumeIdFromSeed(
                    (spec.name() + ctx.seed()).getBytes(StandardCharsets.UTF_8)),
                spec.filesystemLabel(),
                time)
            .withType(fs == Filesystem.FAT16 ? FatType.FAT16 : FatType.FAT32);
    FatImage image = FatWriter.plan(entries, o);
    return PartitionContent.of(image.sizeBytes(), image::write);
  }

  /** FAT holds directories and files only; file regions of spooled archives are copied out. */
  private static void entries(
      Directory dir, String prefix, List<FatEntry> out, Path work, PartitionSpec spec)
      throws IOException {
    for (DirEntry e : dir.entries()) {
      String path = prefix.isEmpty() ? e.name().toString() : prefix + "/" + e.name();
      if (e.node() instanceof Directory sub) {
        out.add(FatEntry.directory(path));
        entries(sub, path, out, work, spec);
      } else if (e.node() instanceof RegularFile f) {
        out.add(FatEntry.file(path, whole(f.content(), work)));
      } else {
        throw new InvalidInputException(
            spec.mountpoint().orElse("")
                + "/"
                + path
                + ": FAT partition '"
                + spec.name()
                + "' holds files and directories only, not symlinks or devices");
      }
    }
  }

  private static Path whole(FileContent c, Path work) throws IOException {
    if (c.offset() == 0 && Files.size(c.file()) == c.size()) {
      return c.file();
    }
    Path copy = Files.createTempFile(work, "fat-", "");
    try (FileChannel in = FileChannel.open(c.file(), StandardOpenOption.READ);
        FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      long done = 0;
      while (done < c.size()) {
        done += in.transferTo(c.offset() + done, c.size() - done, out);
      }
    }
    return copy;
  }
}
