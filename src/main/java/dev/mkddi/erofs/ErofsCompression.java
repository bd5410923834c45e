package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.compress.BlockCompressor;
import dev.mkddi.compress.DeflateCompressor;
import dev.mkddi.compress.Lz4Compressor;
import dev.mkddi.compress.Lz4HcCompressor;
import dev.mkddi.compress.MicroLzmaCompressor;
import dev.mkddi.compress.ZstdCompressor;
import java.util.Locale;

/**
 * How the regular files of an EROFS image are compressed, named as {@code mkfs.erofs -z ALG[,LEVEL]
 * -C SIZE -Eztailpacking,fragments,all-fragments} names it. Files are cut into physical clusters of
 * at most {@code pclusterSize} bytes (each as much input as fits); a file that compression does not
 * make smaller is stored uncompressed. Immutable.
 *
 * @param algorithm the compressor
 * @param level its level ({@link Algorithm#defaultLevel()} unless chosen)
 * @param pclusterSize largest physical cluster in bytes: a multiple of 4096, at most 1 MiB
 * @param dictSize the dictionary (LZMA) or window (zstd) size in bytes, 0 for the automatic one
 * @param ztailpacking whether the last cluster of a file may be stored inline next to its inode
 * @param fragments whether tails or whole files go into the packed inode
 */
public record ErofsCompression(
    ErofsCompression.Algorithm algorithm,
    int level,
    int pclusterSize,
    int dictSize,
    boolean ztailpacking,
    ErofsCompression.Fragments fragments) {

  /** What goes into the packed inode, compressed there together (Linux 6.1 and later). */
  public enum Fragments {
    /** Nothing: no packed inode. */
    OFF,
    /**
     * {@code -Efragments}: the end of each file that would not fill a physical cluster (a whole
     * small file), identical tails stored once.
     */
    TAILS,
    /** {@code -Eall-fragments}: every file whole. */
    ALL
  }

  /**
   * Settings without fragments.
   *
   * @param algorithm the compressor
   * @param level its level
   * @param pclusterSize largest physical cluster in bytes
   * @param dictSize the dictionary or window size, 0 for the automatic one
   * @param ztailpacking whether the last cluster of a file may be stored inline
   */
  public ErofsCompression(
      Algorithm algorithm, int level, int pclusterSize, int dictSize, boolean ztailpacking) {
    this(algorithm, level, pclusterSize, dictSize, ztailpacking, Fragments.OFF);
  }

  /** The algorithms, with the names, levels and kernel versions of mkfs.erofs and Linux. */
  public enum Algorithm {
    /** LZ4, fast mode (no levels). */
    LZ4("lz4", Z_EROFS_COMPRESSION_LZ4, "5.3", 0, 0, 0),
    /** LZ4 high compression, levels 0–12 (0 means 9). */
    LZ4HC("lz4hc", Z_EROFS_COMPRESSION_LZ4, "5.3", 0, Lz4HcCompressor.MAX_LEVEL, 9),
    /** MicroLZMA, levels 0–9 and 100–109 (extreme). */
    LZMA("lzma", Z_EROFS_COMPRESSION_LZMA, "5.16", 0, 109, MicroLzmaCompressor.DEFAULT_LEVEL),
    /** Raw DEFLATE, levels 0–9. */
    DEFLATE("deflate", Z_EROFS_COMPRESSION_DEFLATE, "6.6", 0, 9, DeflateCompressor.DEFAULT_LEVEL),
    /** zstd, levels up to 22. */
    ZSTD("zstd", Z_EROFS_COMPRESSION_ZSTD, "6.10", -131072, 22, ZstdCompressor.DEFAULT_LEVEL);

    private final String erofsName;
    private final int id;
    private final String kernel;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    Algorithm(String erofsName, int id, String kernel, int min, int max, int defaultLevel) {
      this.erofsName = erofsName;
      this.id = id;
      this.kernel = kernel;
      this.minLevel = min;
      this.maxLevel = max;
      this.defaultLevel = defaultLevel;
    }

    /**
     * @return the name mkfs.erofs uses
     */
    public String erofsName() {
      return erofsName;
    }

    /**
     * @return the first Linux version that reads it
     */
    public String kernel() {
      return kernel;
    }

    /**
     * @return the level used when none is given
     */
    public int defaultLevel() {
      return defaultLevel;
    }

    int id() {
      return id;
    }

    boolean validLevel(int level) {
      return level >= minLevel
          && level <= maxLevel
          && (this != LZMA || level <= 9 || level >= MicroLzmaCompressor.EXTREME);
    }

    /**
     * @param name as mkfs.erofs spells it ({@code libdeflate} is DEFLATE)
     * @return the algorithm
     * @throws IllegalArgumentException for an unknown name
     */
    public static Algorithm named(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      for (Algorithm a : values()) {
        if (a.erofsName.equals(n)) {
          return a;
        }
      }
      if (n.equals("libdeflate")) {
        return DEFLATE;
      }
      throw new IllegalArgumentException(
          "unknown compressor '" + name + "' (lz4, lz4hc, lzma, deflate, zstd)");
    }
  }

  /** Largest LZMA dictionary EROFS allows. */
  static final int LZMA_MAX_DICT = 8 << 20;

  /** Largest zstd window EROFS allows. */
  static final int ZSTD_MAX_WINDOW = 1 << 20;

  /**
   * @throws IllegalArgumentException when a value is out of range for the algorithm
   */
  public ErofsCompression {
    if (algorithm == null) {
      throw new IllegalArgumentException("no compression algorithm");
    }
    if (fragments == null) {
      throw new IllegalArgumentException("no fragments mode");
    }
    if (!algorithm.validLevel(level)) {
      throw new IllegalArgumentException(
          algorithm == Algorithm.LZ4
              ? "lz4 takes no level (use lz4hc for levels)"
              : algorithm.erofsName
                  + " level "
                  + level
                  + ": expected "
                  + (algorithm == Algorithm.LZMA
                      ? "0-9 or 100-109"
                      : algorithm.minLevel + "-" + algorithm.maxLevel));
    }
    if (pclusterSize < BLOCK_SIZE
        || pclusterSize > Z_EROFS_PCLUSTER_MAX_SIZE
        || pclusterSize % BLOCK_SIZE != 0) {
      throw new IllegalArgumentException(
          "physical cluster size "
              + pclusterSize
              + ": expected a multiple of "
              + BLOCK_SIZE
              + " up to "
              + Z_EROFS_PCLUSTER_MAX_SIZE);
    }
    if (dictSize != 0) {
      switch (algorithm) {
        case LZMA -> {
          if (dictSize < BLOCK_SIZE || dictSize > LZMA_MAX_DICT) {
            throw new IllegalArgumentException(
                "lzma dictsize " + dictSize + ": expected 4096 to " + LZMA_MAX_DICT);
          }
        }
        case ZSTD -> {
          if (Integer.bitCount(dictSize) != 1
              || dictSize < 1 << ZSTD_WINDOWLOG_ABSOLUTEMIN
              || dictSize > ZSTD_MAX_WINDOW) {
            throw new IllegalArgumentException(
                "zstd dictsize " + dictSize + ": expected a power of 2 from 1024 to 1048576");
          }
        }
        case DEFLATE -> {
          if (dictSize != 1 << DEFLATE_WINDOW_BITS) {
            throw new IllegalArgumentException(
                "deflate dictsize " + dictSize + ": only 32768 (zlib's window) is supported");
          }
        }
        default -> throw new IllegalArgumentException(algorithm.erofsName + " takes no dictsize");
      }
    }
  }

  /**
   * @param algorithm the compressor, at its default level, 4096-byte clusters
   * @return the settings {@code mkfs.erofs -zALG} uses
   */
  public static ErofsCompression of(Algorithm algorithm) {
    return new ErofsCompression(algorithm, algorithm.defaultLevel, BLOCK_SIZE, 0, false);
  }

  /**
   * Parses the argument of {@code mkfs.erofs -z}: {@code ALG}, {@code ALG,LEVEL} (erofs-utils 1.5)
   * or {@code ALG,level=N,dictsize=N} (1.7 and later).
   *
   * @param spec the argument
   * @return the settings, 4096-byte clusters, no tail packing
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ErofsCompression parse(String spec) {
    if (spec.contains(":")) {
      throw new IllegalArgumentException(
          "'" + spec + "': alternative compressors (ALG:ALG) are not supported, give one");
    }
    String[] parts = spec.split(",", -1);
    Algorithm a = Algorithm.named(parts[0].trim());
    int level = a.defaultLevel;
    int dict = 0;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("level=")) {
        level = number(spec, p.substring("level=".length()));
      } else if (p.startsWith("dictsize=")) {
        dict = size(spec, p.substring("dictsize=".length()));
      } else if (i == 1) {
        level = number(spec, p);
      } else {
        throw new IllegalArgumentException(
            "'" + spec + "': unknown option '" + p + "' (level=N, dictsize=N)");
      }
    }
    return new ErofsCompression(a, level, BLOCK_SIZE, dict, false);
  }

  private static int number(String spec, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + spec + "': level '" + text + "' is not a number");
    }
  }

  /** A size with an optional k/m suffix (powers of 1024), as mkfs.erofs reads dictsize. */
  private static int size(String spec, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : 0;
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      return Math.toIntExact(Long.parseLong(digits) << shift);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + spec + "': dictsize '" + text + "' is not a size");
    }
  }

  /**
   * @param size the largest physical cluster in bytes
   * @return a copy with that cluster size
   */
  public ErofsCompression withPclusterSize(int size) {
    return new ErofsCompression(algorithm, level, size, dictSize, ztailpacking, fragments);
  }

  /**
   * @param on whether to store the last cluster of a file inline
   * @return a copy with tail packing set
   */
  public ErofsCompression withZtailpacking(boolean on) {
    return new ErofsCompression(algorithm, level, pclusterSize, dictSize, on, fragments);
  }

  /**
   * @param mode what goes into the packed inode
   * @return a copy with the fragments mode set
   */
  public ErofsCompression withFragments(Fragments mode) {
    return new ErofsCompression(algorithm, level, pclusterSize, dictSize, ztailpacking, mode);
  }

  /**
   * Applies one extended option as {@code mkfs.erofs -E} spells it.
   *
   * @param option {@code ztailpacking}, {@code fragments} (tails; keeps {@code all-fragments} if
   *     already set) or {@code all-fragments}
   * @return a copy with the option applied
   * @throws IllegalArgumentException for another option, naming the supported ones
   */
  public ErofsCompression withExtendedOption(String option) {
    return switch (option) {
      case "ztailpacking" -> withZtailpacking(true);
      case "fragments" -> fragments == Fragments.OFF ? withFragments(Fragments.TAILS) : this;
      case "all-fragments" -> withFragments(Fragments.ALL);
      default ->
          throw new IllegalArgumentException(
              "not supported (ztailpacking, fragments, all-fragments; mkfs.erofs also has"
                  + " fragments=SIZE, dedupe, legacy-compress, which mkddi does not write)");
    };
  }

  /**
   * @return the LZMA dictionary in effect: as given, else four clusters, at least 32 KiB
   */
  int lzmaDictSize() {
    return dictSize != 0
        ? dictSize
        : Math.max(32 << 10, Math.min(LZMA_MAX_DICT, pclusterSize << 2));
  }

  /**
   * @return log2 of the zstd window in effect: as given, else eight clusters, at most 1 MiB
   */
  int zstdWindowLog() {
    int window = dictSize != 0 ? dictSize : Math.min(ZSTD_MAX_WINDOW, pclusterSize << 3);
    return 31 - Integer.numberOfLeadingZeros(window);
  }

  /**
   * @return whether the superblock must carry compression configurations (every algorithm but LZ4,
   *     and LZ4 with clusters of more than one block)
   */
  boolean needsConfigs() {
    return algorithm.id != Z_EROFS_COMPRESSION_LZ4 || pclusterSize > BLOCK_SIZE;
  }

  /**
   * @return a new compressor for one thread
   */
  BlockCompressor newCompressor() {
    return switch (algorithm) {
      case LZ4 -> new Lz4Compressor();
      case LZ4HC -> new Lz4HcCompressor(level);
      case LZMA -> new MicroLzmaCompressor(level, lzmaDictSize());
      case DEFLATE -> new DeflateCompressor(level);
      case ZSTD -> new ZstdCompressor(level, zstdWindowLog());
    };
  }
}
