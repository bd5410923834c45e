package dev.mkddi.squashfs;

import java.util.Locale;
import java.util.Optional;

/**
 * The compressors of SquashFS 4.0, with the ids of the superblock's {@code compression} field and
 * the names and default levels mksquashfs gives them. {@link #LZMA} (the legacy format) is only
 * recognized when reading; {@link #LZO} is refused (see {@link #writable()}).
 */
public enum SquashfsCompressor {
  /** zlib streams (RFC 1950) through the JDK's {@link java.util.zip.Deflater}; levels 1 to 9. */
  GZIP(1, 1, 9, 9),
  /** The legacy LZMA format of squashfs-tools' lzma wrapper; not written. */
  LZMA(2, 0, 0, 0),
  /** LZO1X; not written. */
  LZO(3, 1, 9, 8),
  /**
   * xz streams (LZMA2, CRC32 check) through XZ for Java; the level is the LZMA2 preset (0 to 9,
   * mksquashfs always uses 6); without one, preset 6 with a faster match finder (see {@code
   * XzCodec.DEFAULT_NICE_LENGTH}).
   */
  XZ(4, 0, 9, 6),
  /** LZ4 blocks (squashfs-tools' "legacy" format); with high compression, levels 1 to 12. */
  LZ4(5, 1, 12, 12),
  /** Zstandard frames through zstd-jni; levels -131072 to -1 and 1 to 22. */
  ZSTD(6, -131072, 22, 15);

  private final int id;
  private final int minLevel;
  private final int maxLevel;
  private final int defaultLevel;

  SquashfsCompressor(int id, int minLevel, int maxLevel, int defaultLevel) {
    this.id = id;
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
    this.defaultLevel = defaultLevel;
  }

  /**
   * @return the superblock's compression id
   */
  public int id() {
    return id;
  }

  /**
   * @return the name mksquashfs's {@code -comp} takes
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return the level mksquashfs uses when none is given
   */
  public int defaultLevel() {
    return defaultLevel;
  }

  /**
   * @param level a level
   * @return why this compressor cannot use it, or empty when it can
   */
  public Optional<String> levelProblem(int level) {
    boolean ok = level >= minLevel && level <= maxLevel && !(this == ZSTD && level == 0);
    if (ok) {
      return Optional.empty();
    }
    String range =
        this == ZSTD ? minLevel + " to -1 or 1 to " + maxLevel : minLevel + " to " + maxLevel;
    return Optional.of(label() + " level " + level + " is out of range (" + range + ")");
  }

  /**
   * @return why mkddi cannot write this compressor, or empty when it can
   */
  public Optional<String> writable() {
    return switch (this) {
      case LZMA -> Optional.of("lzma is squashfs's legacy format; the Linux kernel never read it");
      case LZO ->
          Optional.of(
              "lzo is not offered: no maintained Java library writes LZO1X (use lz4 for speed,"
                  + " xz or zstd for size)");
      default -> Optional.empty();
    };
  }

  /**
   * @param id a superblock compression id
   * @return the compressor, or empty for an unknown id
   */
  public static Optional<SquashfsCompressor> ofId(int id) {
    for (SquashfsCompressor c : values()) {
      if (c.id == id) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * @param name a name as mksquashfs's {@code -comp} takes it
   * @return the compressor, or empty for an unknown name
   */
  public static Optional<SquashfsCompressor> ofLabel(String name) {
    for (SquashfsCompressor c : values()) {
      if (c.label().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * @param name a name as mksquashfs's {@code -comp} takes it, in any case
   * @return the compressor
   * @throws IllegalArgumentException for a name {@code -comp} does not take (lzma, which mksquashfs
   *     only reads, included), listing the ones it takes
   */
  public static SquashfsCompressor forComp(String name) {
    Optional<SquashfsCompressor> c = ofLabel(name.toLowerCase(Locale.ROOT));
    if (c.isEmpty() || c.get() == LZMA) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a compressor (gzip, xz, zstd, lz4, lzo)");
    }
    return c.get();
  }
}
