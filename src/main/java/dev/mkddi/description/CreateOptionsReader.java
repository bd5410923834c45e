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
    String z = null;
    String clusterSize = null;
    List<String> extended = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      char option = w.length() >= 2 && w.charAt(0) == '-' ? w.charAt(1) : 0;
      if (option != 'z' && option != 'C' && option != 'E') {
        problem(
            w
                + (List.of("-L", "-U", "-T", "--uuid").contains(w)
                    ? ": mkddi sets the label (rootfs_label), the UUID (from the root hash) and"
                        + " the time (SOURCE_DATE_EPOCH) of the root itself"
                    : ": not an mkfs.erofs option mkddi's EROFS writer has (it takes -z ALG[,LEVEL],"
                        + " -C BYTES, -E ztailpacking,fragments,all-fragments)"));
        return erofscompression;
      }
      String argument;
      if (w.length() > 2) {
        argument = w.substring(2);
      } else if (i + 1 < words.size()) {
        argument = words.get(++i);
      } else {
        problem(w + " needs an argument");
        return erofscompression;
      }
      switch (option) {
        case 'z' -> z = argument;
        case 'C' -> clusterSize = argument;
        default -> extended.addAll(Arrays.asList(argument.split(",")));
      }
    }
    if (z != null && erofscompression.isPresent()) {
      problem("-z " + z + " and erofscompression both name a compressor; give one of them");
      return erofscompression;
    }
    Optional<ErofsCompression> c = erofscompression;
    if (z != null) {
      String spec = z;
      c = parse("-z " + z, () -> ErofsCompression.parse(spec));
      if (c.isEmpty()) {
        return erofscompression;
      }
    }
    if (c.isEmpty()) {
      if (clusterSize != null || !extended.isEmpty()) {
        problem(
            (clusterSize != null ? "-C" : "-E")
                + " needs a compressor (erofscompression, or -z in "
                + ATTRIBUTE
                + ")");
      }
      return c;
    }
    ErofsCompression result = c.get();
    if (clusterSize != null) {
      int bytes;
      try {
        bytes = Integer.parseInt(clusterSize);
      } catch (NumberFormatException e) {
        problem("-C " + clusterSize + ": expected a number of bytes");
        return c;
      }
      ErofsCompression before = result;
      Optional<ErofsCompression> sized =
          parse("-C " + clusterSize, () -> before.withPclusterSize(bytes));
      if (sized.isEmpty()) {
        return c;
      }
      result = sized.get();
    }
    for (String x : extended) {
      ErofsCompression before = result;
      Optional<ErofsCompression> applied = parse("-E " + x, () -> before.withExtendedOption(x));
      if (applied.isEmpty()) {
        return c;
      }
      result = applied.get();
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
    SquashfsCompressor fallbackCompressor = squashfscompression.orElse(SquashfsCompressor.XZ);
    SquashfsOptions fallback =
        RootFilesystemSpec.kiwiSquashfs(
            withKiwiFilters(SquashfsCompression.of(fallbackCompressor), kiwiFilters));
    SquashfsCompressor compressor = null;
    List<XzFilter> filters = null;
    String level = null;
    String dictionary = null;
    boolean highCompression = false;
    SquashfsOptions o = fallback;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      boolean takesArgument =
          List.of("-comp", "-b", "-Xbcj", "-Xcompression-level", "-Xdict-size").contains(w);
      String argument = "";
      if (takesArgument) {
        if (i + 1 == words.size()) {
          problem(w + " needs an argument");
          return fallback;
        }
        argument = words.get(++i);
      }
      String a = argument;
      switch (w) {
        case "-comp" -> {
          Optional<SquashfsCompressor> c = parse("-comp " + a, () -> SquashfsCompressor.forComp(a));
          if (c.isEmpty()) {
            return fallback;
          }
          compressor = c.get();
        }
        case "-b" -> {
          Optional<Integer> size = parse("-b " + a, () -> MksquashfsSizes.size("-b", a));
          if (size.isEmpty()) {
            return fallback;
          }
          SquashfsOptions before = o;
          Optional<SquashfsOptions> sized =
              parse("-b " + a, () -> before.withBlockSize(size.get()));
          if (sized.isEmpty()) {
            return fallback;
          }
          o = sized.get();
        }
        case "-Xbcj" -> {
          List<XzFilter> list = new ArrayList<>();
          for (String name : a.split(",")) {
            Optional<XzFilter> f = parse("-Xbcj " + a, () -> XzFilter.forBcj(name));
            if (f.isEmpty()) {
              return fallback;
            }
            list.add(f.get());
          }
          filters = list;
        }
        case "-Xcompression-level" -> level = a;
        case "-Xdict-size" -> dictionary = a;
        case "-Xhc" -> highCompression = true;
        case "-tailends" -> o = o.withTailEnds(true);
        case "-no-exports" -> o = o.withExportTable(false);
        case "-no-duplicates" -> o = o.withDuplicates(false);
        case "-noappend" -> {
          // mkddi always writes a new image
        }
        default -> {
          problem(
              w
                  + ": not a mksquashfs option mkddi's squashfs writer has (it takes -comp, -b,"
                  + " -Xbcj, -Xcompression-level, -Xdict-size, -Xhc, -tailends, -no-exports,"
                  + " -no-duplicates, -noappend)");
          return fallback;
        }
      }
    }
    if (compressor != null
        && squashfscompression.isPresent()
        && compressor != squashfscompression.get()) {
      problem(
          "-comp "
              + compressor.label()
              + " and squashfscompression=\""
              + squashfscompression.get().label()
              + "\" name different compressors; give one of them");
      return fallback;
    }
    SquashfsCompressor chosen = compressor != null ? compressor : fallbackCompressor;
    if (chosen.writable().isPresent()) {
      problem("-comp " + chosen.label() + ": " + chosen.writable().get());
      return fallback;
    }
    SquashfsCompression c = SquashfsCompression.of(chosen);
    if (filters != null) {
      SquashfsCompression before = c;
      List<XzFilter> list = filters;
      Optional<SquashfsCompression> filtered =
          parse(
              "-Xbcj " + String.join(",", list.stream().map(XzFilter::label).toList()),
              () -> before.withFilters(list));
      if (filtered.isEmpty()) {
        return fallback;
      }
      c = filtered.get();
    } else {
      c = withKiwiFilters(c, kiwiFilters);
    }
    if (level != null) {
      String text = level;
      Optional<Integer> n = parse("-Xcompression-level " + text, () -> number(text));
      SquashfsCompression before = c;
      Optional<SquashfsCompression> leveled =
          n.flatMap(v -> parse("-Xcompression-level " + text, () -> before.withLevel(v)));
      if (leveled.isEmpty()) {
        return fallback;
      }
      c = leveled.get();
    }
    if (dictionary != null) {
      String text = dictionary;
      int block = o.blockSize();
      SquashfsCompression before = c;
      Optional<SquashfsCompression> sized =
          parse(
              "-Xdict-size " + text,
              () ->
                  before.withDictionarySize(
                      MksquashfsSizes.dictionary("-Xdict-size", text, block)));
      if (sized.isEmpty()) {
        return fallback;
      }
      c = sized.get();
    }
    if (highCompression) {
      SquashfsCompression before = c;
      Optional<SquashfsCompression> hc = parse("-Xhc", () -> before.withHighCompression(true));
      if (hc.isEmpty()) {
        return fallback;
      }
      c = hc.get();
    }
    SquashfsOptions built = o;
    SquashfsCompression compression = c;
    return parse(ATTRIBUTE, () -> built.withCompression(compression)).orElse(fallback);
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

  /** Runs a step that may reject its input, reporting the rejection at the attribute. */
  private <T> Optional<T> parse(String what, Supplier<T> step) {
    try {
      return Optional.of(step.get());
    } catch (IllegalArgumentException e) {
      problem(what + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private void problem(String message) {
    TypeReader.problem(type, ATTRIBUTE, message, findings);
  }
}
