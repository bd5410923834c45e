package dev.mkddi.description;

import dev.mkddi.erofs.ErofsCompression;
import dev.mkddi.squashfs.SquashfsCompression;
import dev.mkddi.squashfs.XzFilter;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The read-only root file system a description asks for, as kiwi's {@code filesystem}, {@code
 * erofscompression} and {@code squashfscompression} name it: the one model {@code describe} shows
 * and the build writes. Immutable.
 *
 * @param type erofs, squashfs or ext4 (the root types mkddi writes)
 * @param erofsCompression EROFS only: how files are compressed; empty for uncompressed, kiwi's
 *     default (it passes {@code -z} to mkfs.erofs only when {@code erofscompression} is set)
 * @param squashfsCompression squashfs only: the compressor; kiwi's default is xz with the BCJ
 *     filter of the target architecture ({@code mksquashfs -comp xz -Xbcj x86})
 */
public record RootFilesystemSpec(
    Filesystem type,
    Optional<ErofsCompression> erofsCompression,
    Optional<SquashfsCompression> squashfsCompression) {

  /** kiwi's squashfs block size ({@code mksquashfs -b 1M}). */
  public static final int SQUASHFS_BLOCK_SIZE = 1 << 20;

  /** An uncompressed EROFS root: the default. */
  public static final RootFilesystemSpec EROFS =
      new RootFilesystemSpec(Filesystem.EROFS, Optional.empty(), Optional.empty());

  /**
   * @throws IllegalArgumentException for a type mkddi cannot write as a root, or a compression of
   *     another file system's kind
   */
  public RootFilesystemSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(erofsCompression, "erofsCompression");
    Objects.requireNonNull(squashfsCompression, "squashfsCompression");
    if (!type.rootSupported()) {
      throw new IllegalArgumentException(
          type.kiwiName() + " is not a root file system mkddi writes");
    }
    if (erofsCompression.isPresent() && type != Filesystem.EROFS) {
      throw new IllegalArgumentException("EROFS compression for a " + type.kiwiName() + " root");
    }
    if (squashfsCompression.isPresent() != (type == Filesystem.SQUASHFS)) {
      throw new IllegalArgumentException("a squashfs root and only it has a squashfs compressor");
    }
  }

  /**
   * @return the compression as {@code describe} shows it: {@code none}, {@code lz4hc,9} (as {@code
   *     mkfs.erofs -z} spells it) or {@code xz -Xbcj x86} (as mksquashfs options spell it)
   */
  public String compressionText() {
    if (erofsCompression.isPresent()) {
      ErofsCompression c = erofsCompression.get();
      return c.algorithm() == ErofsCompression.Algorithm.LZ4
          ? "lz4"
          : c.algorithm().erofsName() + "," + c.level();
    }
    if (squashfsCompression.isPresent()) {
      SquashfsCompression c = squashfsCompression.get();
      String filters = c.filters().stream().map(XzFilter::label).collect(Collectors.joining(","));
      return c.compressor().label() + (filters.isEmpty() ? "" : " -Xbcj " + filters);
    }
    return "none";
  }
}
