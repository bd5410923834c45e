package dev.mkddi.squashfs;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which compressor a squashfs image uses and how, named as mksquashfs names it: {@code -comp},
 * {@code -Xcompression-level} (the xz preset for xz, which mksquashfs does not offer), {@code
 * -Xbcj} and {@code -Xdict-size} for xz, {@code -Xhc} for lz4. Immutable.
 *
 * @param compressor the algorithm
 * @param level the level, or empty for mksquashfs's default
 * @param filters xz only: the BCJ filters tried on each data block besides none
 * @param dictionarySize xz only: the LZMA2 dictionary of data blocks, or empty for the block size
 * @param highCompression lz4 only: LZ4 HC instead of the fast LZ4 encoder
 */
public record SquashfsCompression(
    SquashfsCompressor compressor,
    OptionalInt level,
    List<XzFilter> filters,
    OptionalInt dictionarySize,
    boolean highCompression) {

  /** Smallest xz dictionary mksquashfs accepts. */
  public static final int MIN_DICTIONARY = 8192;

  /**
   * @param compressor the algorithm
   * @param level the level or empty
   * @param filters the xz BCJ filters
   * @param dictionarySize the xz dictionary or empty
   * @param highCompression lz4 high compression
   * @throws IllegalArgumentException when an option does not fit the compressor (see {@link
   *     #problem})
   */
  public SquashfsCompression {
    Set<XzFilter> unique = filters.isEmpty() ? Set.of() : EnumSet.copyOf(filters);
    filters = List.copyOf(unique); // enum order, without repeats: the order mksquashfs tries them
    @Nullable String problem = problem(compressor, level, filters, dictionarySize, highCompression);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * @param compressor the algorithm
   * @return the compressor with mksquashfs's defaults
   */
  public static SquashfsCompression of(SquashfsCompressor compressor) {
    return new SquashfsCompression(
        compressor, OptionalInt.empty(), List.of(), OptionalInt.empty(), false);
  }

  /**
   * @return gzip level 9, mksquashfs's default
   */
  public static SquashfsCompression defaults() {
    return of(SquashfsCompressor.GZIP);
  }

  /**
   * @param newLevel the level
   * @return a copy with the level set
   */
  public SquashfsCompression withLevel(int newLevel) {
    return new SquashfsCompression(
        compressor, OptionalInt.of(newLevel), filters, dictionarySize, highCompression);
  }

  /**
   * @param newFilters xz BCJ filters
   * @return a copy with the filters set
   */
  public SquashfsCompression withFilters(List<XzFilter> newFilters) {
    return new SquashfsCompression(compressor, level, newFilters, dictionarySize, highCompression);
  }

  /**
   * @param bytes the xz dictionary size of data blocks
   * @return a copy with the dictionary size set
   */
  public SquashfsCompression withDictionarySize(int bytes) {
    return new SquashfsCompression(
        compressor, level, filters, OptionalInt.of(bytes), highCompression);
  }

  /**
   * @param hc whether lz4 uses high compression
   * @return a copy with the lz4 mode set
   */
  public SquashfsCompression withHighCompression(boolean hc) {
    return new SquashfsCompression(compressor, level, filters, dictionarySize, hc);
  }

  /**
   * @return the level in force: the one given or mksquashfs's default
   */
  public int effectiveLevel() {
    return level.orElse(compressor.defaultLevel());
  }

  /**
   * @param blockSize the data block size
   * @return the xz dictionary size of data blocks
   */
  int dictionaryFor(int blockSize) {
    return dictionarySize.orElse(blockSize);
  }

  private static @Nullable String problem(
      SquashfsCompressor compressor,
      OptionalInt level,
      List<XzFilter> filters,
      OptionalInt dictionarySize,
      boolean highCompression) {
    if (compressor == null) {
      return "no compressor";
    }
    if (!filters.isEmpty() && compressor != SquashfsCompressor.XZ) {
      return "BCJ filters (-Xbcj) are an xz option, not " + compressor.label();
    }
    if (dictionarySize.isPresent()) {
      if (compressor != SquashfsCompressor.XZ) {
        return "the dictionary size (-Xdict-size) is an xz option, not " + compressor.label();
      }
      int d = dictionarySize.getAsInt();
      int n = Integer.numberOfTrailingZeros(d);
      if (d < MIN_DICTIONARY || (d != 1 << n && d != (1 << n) + (1 << (n + 1)))) {
        return "xz dictionary size "
            + d
            + " is not 8192 or more and of the form 2^n or 2^n+2^(n+1) (as the xz header stores"
            + " it)";
      }
    }
    if (highCompression && compressor != SquashfsCompressor.LZ4) {
      return "high compression (-Xhc) is an lz4 option, not " + compressor.label();
    }
    if (level.isPresent()) {
      if (compressor == SquashfsCompressor.LZ4 && !highCompression) {
        return "lz4 takes a level only with high compression (-Xhc)";
      }
      return compressor.levelProblem(level.getAsInt()).orElse(null);
    }
    return null;
  }
}
