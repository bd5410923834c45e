package dev.mkddi.description;

import dev.mkddi.erofs.ErofsCompression;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.Excerpt;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsOptions;
import dev.mkddi.squashfs.XzFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads the root file system of a {@code <type>} into a {@link RootFilesystemSpec}: {@code
 * filesystem}, {@code erofscompression} (the argument of {@code mkfs.erofs -z}, as kiwi passes it)
 * and {@code squashfscompression} (kiwi's default xz with the BCJ filter of the architecture, as
 * kiwi's squashfs module adds {@code -Xbcj x86} or {@code powerpc}). What mkddi cannot write is a
 * problem, with the default in the record so {@code describe} still shows a plan. For kiwi's
 * overlay root the read-only root is named by {@code overlayroot_readonly_filesystem} (erofs or
 * squashfs, kiwi's default squashfs) and {@code filesystem} is the write partition's ({@link
 * OverlayRootReader}). Not thread-safe (one per load).
 */
final class RootFilesystemReader {
  private final XmlElement type;
  private final Architecture arch;
  private final Findings findings;
  private final boolean overlay;

  /**
   * @param overlay whether the root is kiwi's overlay root's read-only layer
   */
  RootFilesystemReader(XmlElement type, Architecture arch, boolean overlay, Findings findings) {
    this.type = type;
    this.arch = arch;
    this.overlay = overlay;
    this.findings = findings;
  }

  RootFilesystemSpec read() {
    String attribute = overlay ? OverlayRootReader.READ_ONLY_FILESYSTEM : "filesystem";
    Filesystem fallback = overlay ? Filesystem.SQUASHFS : Filesystem.EROFS;
    Filesystem fs =
        type.value(attribute).map(String::strip).flatMap(Filesystem::fromKiwiName).orElse(fallback);
    List<Filesystem> roots = overlay ? OverlayRootReader.READ_ONLY : Filesystem.ROOTS;
    if (!roots.contains(fs)) {
      problem(attribute, fs.notBuilt("for the root (read-only, under dm-verity)", roots));
      fs = fallback;
    }
    // kiwi gives fscreateoptions to the root's mkfs; with an overlay root to the write partition's
    CreateOptionsReader options = new CreateOptionsReader(type, !overlay, findings);
    Optional<ErofsCompression> erofs = Optional.empty();
    if (fs == Filesystem.EROFS) {
      Optional<ErofsCompression> named =
          type.attribute("erofscompression").isPresent() ? erofsCompression() : Optional.empty();
      erofs = options.erofs(named);
    } else if (type.attribute("erofscompression").isPresent()) {
      ignored("erofscompression", fs);
    }
    Optional<SquashfsOptions> squashfs = Optional.empty();
    if (fs == Filesystem.SQUASHFS) {
      squashfs = Optional.of(options.squashfs(squashfsCompressor(), bcj()));
    } else if (type.attribute("squashfscompression").isPresent()) {
      ignored("squashfscompression", fs);
    }
    if (fs == Filesystem.EXT4) {
      options.ext4();
    }
    if (!overlay) {
      checkLabel(fs);
    }
    return new RootFilesystemSpec(fs, erofs, squashfs);
  }

  private Optional<ErofsCompression> erofsCompression() {
    String spec = type.value("erofscompression").orElseThrow().strip();
    try {
      return Optional.of(ErofsCompression.parse(spec));
    } catch (IllegalArgumentException e) {
      problem(
          "erofscompression",
          e.getMessage()
              + "; expected ALG[,LEVEL] as mkfs.erofs -z takes it (lz4, lz4hc,12,"
              + " lzma, deflate, zstd)");
      return Optional.empty();
    }
  }

  /**
   * @return the compressor {@code squashfscompression} names, empty without it or when mkddi cannot
   *     write it (a problem)
   */
  private Optional<SquashfsCompressor> squashfsCompressor() {
    Optional<String> value = type.value("squashfscompression").map(String::strip);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String name = value.get();
    for (SquashfsCompressor c : SquashfsCompressor.values()) {
      if (!c.label().equals(name)) {
        continue;
      }
      Optional<String> unwritable = c.writable();
      if (unwritable.isPresent()) {
        problem("squashfscompression", unwritable.get());
        return Optional.empty();
      }
      return Optional.of(c);
    }
    if (name.equals("uncompressed")) {
      problem(
          "squashfscompression",
          "mkddi writes compressed squashfs only; use gzip, lz4, xz or zstd, or"
              + " filesystem=\"erofs\" for an uncompressed root");
    } else if (!name.equals("lzo")) {
      problem("squashfscompression", "expected gzip, lz4, xz or zstd");
    }
    return Optional.empty();
  }

  /** The BCJ filter kiwi adds for the architecture: x86 for Intel, powerpc for POWER. */
  private List<XzFilter> bcj() {
    return switch (arch) {
      case X86, X86_64 -> List.of(XzFilter.X86);
      case PPC, PPC64, PPC64_LE -> List.of(XzFilter.POWERPC);
      default -> List.of();
    };
  }

  private void checkLabel(Filesystem fs) {
    String label = type.value("rootfs_label").orElse(DiskSpec.DEFAULT_ROOTFS_LABEL);
    int max = fs.maxLabelBytes().orElse(Integer.MAX_VALUE);
    if (label.getBytes(StandardCharsets.UTF_8).length > max) {
      problem(
          "rootfs_label",
          "an "
              + (fs == Filesystem.EROFS ? "EROFS" : "ext4")
              + " volume label holds at most "
              + max
              + " bytes");
    }
  }

  private void ignored(String attribute, Filesystem fs) {
    XmlAttribute a = type.attribute(attribute).orElseThrow();
    findings.warn(
        a.location(), "<type " + attribute + "> ignored: the root file system is " + fs.kiwiName());
  }

  private void problem(String attribute, String message) {
    XmlAttribute a = type.attribute(attribute).orElseThrow();
    findings.problem(
        a.location(), "<type " + attribute + "=\"" + Excerpt.of(a.value()) + "\">: " + message);
  }
}
