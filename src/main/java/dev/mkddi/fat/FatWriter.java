package dev.mkddi.fat;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Plans FAT file systems. Stateless and thread-safe.
 *
 * <pre>{@code
 * FatImage esp = FatWriter.plan(entries, FatOptions.of(size, volumeId, "ESP", epoch));
 * esp.write(imageChannel, espOffset, listener);
 * }</pre>
 */
public final class FatWriter {
  private static final long MIB = 1L << 20;
  private static final long MAX_SIZE = 2048L << 30;

  private FatWriter() {}

  /**
   * Validates the entries, assigns names and clusters for {@code options.sizeBytes()}.
   *
   * @param entries files and directories (any order; parents are implied)
   * @param options size, volume id, label, timestamp, type, sector size
   * @return the planned file system
   * @throws InvalidInputException for a bad path or label, or when the files do not fit; the
   *     message then names the minimum size
   * @throws IOException when a source file's size cannot be read
   */
  public static FatImage plan(List<FatEntry> entries, FatOptions options) throws IOException {
    FatTree tree = FatTree.build(entries);
    byte[] label = options.labelBytes();
    FatLayout layout = layoutFor(tree, options, options.sizeBytes());
    if (layout == null) {
      long min = minimumSize(tree, options);
      throw new InvalidInputException(
          String.format(
              "FAT: %d files of %d bytes do not fit into %d MiB (%d bytes); at least %d MiB needed",
              tree.fileCount(),
              tree.fileBytes(),
              options.sizeBytes() / MIB,
              options.sizeBytes(),
              min / MIB));
    }
    return new FatImage(tree, layout, options, label);
  }

  /**
   * The smallest whole number of MiB whose file system (of {@code options.type()}, AUTO choosing by
   * size) holds the entries; {@code options.sizeBytes()} is ignored.
   *
   * @param entries files and directories
   * @param options the other options
   * @return the minimum size in bytes, a multiple of 1 MiB
   * @throws InvalidInputException for a bad path, or when no size up to 2 TiB fits
   * @throws IOException when a source file's size cannot be read
   */
  public static long minimumSize(List<FatEntry> entries, FatOptions options) throws IOException {
    return minimumSize(FatTree.build(entries), options);
  }

  private static long minimumSize(FatTree tree, FatOptions options) throws InvalidInputException {
    long size = Math.max(MIB, (tree.fileBytes() + MIB - 1) / MIB * MIB);
    for (; size <= MAX_SIZE; size += MIB) {
      if (layoutFor(tree, options, size) != null) {
        return size;
      }
    }
    throw new InvalidInputException("FAT: no file system up to 2 TiB holds the files");
  }

  /** The layout for a size, or null when the files do not fit or no file system is possible. */
  private static @Nullable FatLayout layoutFor(FatTree tree, FatOptions options, long size)
      throws InvalidInputException {
    FatGeometry g;
    try {
      g = FatGeometry.compute(size, options.type(), options.sectorSize());
    } catch (InvalidInputException tooSmallOrLarge) {
      return null;
    }
    FatLayout layout = FatLayout.allocate(tree, g, !options.label().isEmpty());
    return layout.fits(tree) ? layout : null;
  }
}
