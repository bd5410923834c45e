package dev.mkddi.description;

import dev.mkddi.erofs.ErofsCompression;
import dev.mkddi.squashfs.MksquashfsSizes;
import dev.mkddi.squashfs.SquashfsCompression;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsOptions;
import dev.mkddi.squashfs.XzFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * kiwi's {@code fscreateoptions}: words kiwi splits at white space and puts before its own
 * arguments to the program that makes the root file system ({@code mkfs.erofs}, {@code mksquashfs})
 * or, with an overlay root, the write partition's ({@code mkfs.xfs}, {@code mkfs.btrfs}). mkddi
 * writes EROFS and squashfs itself, so it reads the options those programs spell and its writers
 * have: for EROFS {@code -z}, {@code -C} and {@code -E} (getopt style, the argument attached or the
 * next word), for squashfs {@code -comp}, {@code -b}, {@code -Xbcj}, {@code -Xcompression-level},
 * {@code -Xdict-size}, {@code -Xhc}, {@code -tailends}, {@code -no-exports}, {@code -no-duplicates}
 * and {@code -noappend} (mkddi always writes a new image). Any other word is a problem naming it,
 * as are options for an ext4 file system, which mkddi writes with its own fixed geometry. xfs and
 * btrfs write partitions get the words as they are. Not thread-safe (one per load).
 */
final class CreateOptionsReader {
  static final String ATTRIBUTE = "fscreateoptions";

  private final XmlElement type;
  private final Findings findings;
  private final List<String> words;

  /**
   * @param applies false when the attribute is for another file system (the overlay root's write
   *     partition): the options are then empty
   */
  CreateOptionsReader(XmlElement type, boolean applies, Findings findings) {
    this.type = type;
    this.findings = findings;
    String value = applies ? type.value(ATTRIBUTE).orElse("").strip() : "";
    this.words = value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
  }

  /**
   * @return the words, empty without the attribute
   */
  List<String> words() {
    return words;
  }

  /**
   * The EROFS root's compression: {@code erofscompression} (kiwi's {@code -z}) and the options.
   *
   * @param erofscompression the compression the attribute names, empty without it
   * @return the compression, empty for an uncompressed root; on a problem what is known without the
   *     options
   */
  Optional<ErofsCompression> erofs(Optional<ErofsCompression> erofscompression) {
    try {
      return erofsOptions(erofscompression);
    } catch (IllegalArgumentException e) {
      problem(String.valueOf(e.getMessage()));
      return erofscompression;
    }
  }

  private Optional<ErofsCompression> erofsOptions(Optional<ErofsCompression> erofscompression) {
    String z = null;
    String clusterSize = null;
    List<String> extended = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      char option = w.length() >= 2 && w.charAt(0) == '-' ? w.charAt(1) : 0;
      if (option != 'z' && option != 'C' && option != 'E') {
        throw new IllegalArgumentException(
            w
                + (List.of("-L", "-U", "-T", "--uuid").contains(w)
                    ? ": mkddi sets the label (rootfs_label), the UUID (from the root hash) and"
                        + " the time (SOURCE_DATE_EPOCH) of the root itself"
                    : ": not an mkfs.erofs option mkddi's EROFS writer has (it takes -z ALG[,LEVEL],"
                        + " -C BYTES, -E ztailpacking,fragments,all-fragments)"));
      }
      String argument = w.length() > 2 ? w.substring(2) : argument(i++);
      switch (option) {
        case 'z' -> z = argument;
        case 'C' -> clusterSize = argument;
        default -> extended.addAll(Arrays.asList(argument.split(",")));
      }
    }
    if (z != null && erofscompression.isPresent()) {
      throw new IllegalArgumentException(
          "-z " + z + " and erofscompression both name a compressor; give one of them");
    }
    Optional<ErofsCompression> c = erofscompression;
    if (z != null) {
      String spec = z;
      c = Optional.of(checked("-z " + spec, () -> ErofsCompression.parse(spec)));
    }
    if (c.isEmpty()) {
      if (clusterSize != null || !extended.isEmpty()) {
        throw new IllegalArgumentException(
            (clusterSize != null ? "-C" : "-E")
                + " needs a compressor (erofscompression, or -z in "
                + ATTRIBUTE
                + ")");
      }
      return c;
    }
    ErofsCompression result = c.get();
    if (clusterSize != null) {
      String text = clusterSize;
      ErofsCompression before = result;
      result = checked("-C " + text, () -> before.withPclusterSize(number(text)));
    }
    for (String x : extended) {
      ErofsCompression before = result;
      result = checked("-E " + x, () -> before.withExtendedOption(x));
    }
    return Optional.of(result);
  }

  /**
   * The squashfs root's options: kiwi's ({@code -b 1M}, {@code squashfscompression}, its default xz
   * with the BCJ filter of the architecture unless {@code -Xbcj} is given), then the options.
   *
   * @param squashfscompression the compressor the attribute names, empty without it
   * @param kiwiFilters the BCJ filters kiwi adds for the architecture
   * @return the options; on a problem kiwi's without the options
   */
  SquashfsOptions squashfs(
      Optional<SquashfsCompressor> squashfscompression, List<XzFilter> kiwiFilters) {
    SquashfsCompressor named = squashfscompression.orElse(SquashfsCompressor.XZ);
    SquashfsOptions kiwi =
        RootFilesystemSpec.kiwiSquashfs(
            withKiwiFilters(SquashfsCompression.of(named), kiwiFilters));
    try {
      return squashfsOptions(kiwi, squashfscompression, kiwiFilters);
    } catch (IllegalArgumentException e) {
      problem(String.valueOf(e.getMessage()));
      return kiwi;
    }
  }

  private SquashfsOptions squashfsOptions(
      SquashfsOptions kiwi,
      Optional<SquashfsCompressor> squashfscompression,
      List<XzFilter> kiwiFilters) {
    SquashfsCompressor compressor = kiwi.compression().compressor();
    List<XzFilter> filters = null;
    String level = null;
    String dictionary = null;
    boolean highCompression = false;
    SquashfsOptions o = kiwi;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      switch (w) {
        case "-comp" -> {
          String a = argument(i++);
          SquashfsCompressor c = checked(w + " " + a, () -> SquashfsCompressor.forComp(a));
          if (squashfscompression.isPresent() && c != squashfscompression.get()) {
            throw new IllegalArgumentException(
                w
                    + " "
                    + a
                    + " and squashfscompression=\""
                    + squashfscompression.get().label()
                    + "\" name different compressors; give one of them");
          }
          compressor = c;
        }
        case "-b" -> {
          String a = argument(i++);
          SquashfsOptions before = o;
          o = checked(w + " " + a, () -> before.withBlockSize(MksquashfsSizes.size(w, a)));
        }
        case "-Xbcj" -> {
          String a = argument(i++);
          List<XzFilter> list = new ArrayList<>();
          for (String name : a.split(",")) {
            list.add(checked(w + " " + a, () -> XzFilter.forBcj(name)));
          }
          filters = list;
        }
        case "-Xcompression-level" -> level = argument(i++);
        case "-Xdict-size" -> dictionary = argument(i++);
        case "-Xhc" -> highCompression = true;
        case "-tailends" -> o = o.withTailEnds(true);
        case "-no-exports" -> o = o.withExportTable(false);
        case "-no-duplicates" -> o = o.withDuplicates(false);
        case "-noappend" -> {
          // mkddi always writes a new image
        }
        default ->
            throw new IllegalArgumentException(
                w
                    + ": not a mksquashfs option mkddi's squashfs writer has (it takes -comp, -b,"
                    + " -Xbcj, -Xcompression-level, -Xdict-size, -Xhc, -tailends, -no-exports,"
                    + " -no-duplicates, -noappend)");
      }
    }
    SquashfsCompressor chosen = compressor;
    chosen
        .writable()
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("-comp " + chosen.label() + ": " + why);
            });
    SquashfsCompression c = SquashfsCompression.of(chosen);
    if (filters != null) {
      List<XzFilter> list = filters;
      SquashfsCompression before = c;
      c =
          checked(
              "-Xbcj " + String.join(",", list.stream().map(XzFilter::label).toList()),
              () -> before.withFilters(list));
    } else {
      c = withKiwiFilters(c, kiwiFilters);
    }
    if (level != null) {
      String text = level;
      SquashfsCompression before = c;
      c = checked("-Xcompression-level " + text, () -> before.withLevel(number(text)));
    }
    if (dictionary != null) {
      String text = dictionary;
      int block = o.blockSize();
      SquashfsCompression before = c;
      c =
          checked(
              "-Xdict-size " + text,
              () ->
                  before.withDictionarySize(
                      MksquashfsSizes.dictionary("-Xdict-size", text, block)));
    }
    if (highCompression) {
      SquashfsCompression before = c;
      c = checked("-Xhc", () -> before.withHighCompression(true));
    }
    SquashfsOptions built = o;
    SquashfsCompression compression = c;
    return checked(ATTRIBUTE, () -> built.withCompression(compression));
  }

  /** An ext4 file system (root or write partition) takes no options: mkddi writes it itself. */
  void ext4() {
    if (!words.isEmpty()) {
      problem(
          "mkddi writes ext4 itself (4 KiB blocks, 256-byte inodes, its own layout) and takes no"
              + " mkfs.ext4 options");
    }
  }

  private static SquashfsCompression withKiwiFilters(
      SquashfsCompression c, List<XzFilter> kiwiFilters) {
    return c.compressor() == SquashfsCompressor.XZ ? c.withFilters(kiwiFilters) : c;
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number");
    }
  }

  /**
   * @param i the index of an option that takes an argument
   * @return the next word, its argument
   * @throws IllegalArgumentException when there is none
   */
  private String argument(int i) {
    if (i + 1 >= words.size()) {
      throw new IllegalArgumentException(words.get(i) + " needs an argument");
    }
    return words.get(i + 1);
  }

  /** Runs a step that may reject its input, prefixing the rejection with what was given. */
  private static <T> T checked(String what, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private void problem(String message) {
    TypeReader.problem(type, ATTRIBUTE, message, findings);
  }
}
