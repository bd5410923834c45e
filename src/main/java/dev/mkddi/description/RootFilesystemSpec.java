package dev.mkddi.description;

import dev.mkddi.erofs.ErofsCompression;
import dev.mkddi.squashfs.SquashfsCompression;
import dev.mkddi.squashfs.SquashfsOptions;
import dev.mkddi.squashfs.XzFilter;
import java.util.ArrayList;
import java.util.List;
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
 * @param squashfs squashfs only: the compressor and the layout; kiwi's default is xz with the BCJ
 *     filter of the target architecture in 1 MiB blocks ({@code mksquashfs -b 1M -comp xz -Xbcj
 *     x86}), the rest mksquashfs's defaults; {@code fscreateoptions} may change them. The creation
 *     time is the build's.
 */
public record RootFilesystemSpec(
    Filesystem type,
    Optional<ErofsCompression> erofsCompression,
    Optional<SquashfsOptions> squashfs) {

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
    Objects.requireNonNull(squashfs, "squashfs");
    if (!type.rootSupported()) {
      throw new IllegalArgumentException(
          type.kiwiName() + " is not a root file system mkddi writes");
    }
    if (erofsCompression.isPresent() && type != Filesystem.EROFS) {
      throw new IllegalArgumentException("EROFS compression for a " + type.kiwiName() + " root");
    }
    if (squashfs.isPresent() != (type == Filesystem.SQUASHFS)) {
      throw new IllegalArgumentException("a squashfs root and only it has squashfs options");
    }
  }

  /**
   * @param c the compressor and its options
   * @return kiwi's squashfs: {@code c} in 1 MiB blocks, otherwise mksquashfs's defaults
   */
  public static SquashfsOptions kiwiSquashfs(SquashfsCompression c) {
    return SquashfsOptions.defaults().withCompression(c).withBlockSize(SQUASHFS_BLOCK_SIZE);
  }

  /**
   * @return squashfs only: the compressor and its options
   */
  public Optional<SquashfsCompression> squashfsCompression() {
    return squashfs.map(SquashfsOptions::compression);
  }

  /**
   * @return the compression as {@code describe} shows it: {@code none}, {@code lz4hc,9 -C 65536 -E
   *     fragments} (as mkfs.erofs options spell it) or {@code xz -Xbcj x86 -b 262144} (as
   *     mksquashfs options spell it), what differs from the defaults included
   */
  public String compressionText() {
    if (erofsCompression.isPresent()) {
      ErofsCompression c = erofsCompression.get();
      StringBuilder b = new StringBuilder(c.algorithm().erofsName());
      if (c.algorithm() != ErofsCompression.Algorithm.LZ4) {
        b.append(',').append(c.level());
      }
      if (c.pclusterSize() != ErofsCompression.of(c.algorithm()).pclusterSize()) {
        b.append(" -C ").append(c.pclusterSize());
      }
      List<String> extended = new ArrayList<>();
      if (c.ztailpacking()) {
        extended.add("ztailpacking");
      }
      switch (c.fragments()) {
        case TAILS -> extended.add("fragments");
        case ALL -> extended.add("all-fragments");
        default -> {}
      }
      if (!extended.isEmpty()) {
        b.append(" -E ").append(String.join(",", extended));
      }
      return b.toString();
    }
    if (squashfs.isPresent()) {
      SquashfsOptions o = squashfs.get();
      SquashfsCompression c = o.compression();
      StringBuilder b = new StringBuilder(c.compressor().label());
      c.level().ifPresent(l -> b.append(" -Xcompression-level ").append(l));
      String filters = c.filters().stream().map(XzFilter::label).collect(Collectors.joining(","));
      if (!filters.isEmpty()) {
        b.append(" -Xbcj ").append(filters);
      }
      c.dictionarySize().ifPresent(d -> b.append(" -Xdict-size ").append(d));
      if (c.highCompression()) {
        b.append(" -Xhc");
      }
      if (o.blockSize() != SQUASHFS_BLOCK_SIZE) {
        b.append(" -b ").append(o.blockSize());
      }
      if (o.tailEnds()) {
        b.append(" -tailends");
      }
      if (!o.exportTable()) {
        b.append(" -no-exports");
      }
      if (!o.duplicates()) {
        b.append(" -no-duplicates");
      }
      return b.toString();
    }
    return "none";
  }
}
