package dev.mkddi.initrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an initrd holds, as far as booting a verity root is concerned: every path, the symlinks, the
 * kernel modules it carries and the modules its {@code modules.builtin} lists. Immutable,
 * thread-safe.
 *
 * @param paths every path (files, directories, symlinks, devices)
 * @param symlinks symlink path to target
 * @param modules the kernel modules in the initrd, by name ({@code dm_verity}: dashes read as
 *     underscores, as the kernel does)
 * @param builtinModules the modules its {@code lib/modules/KVER/modules.builtin} lists, if any
 * @param compressions the compressions of its parts ({@code NONE} for uncompressed archives)
 * @param archives the number of cpio archives
 */
public record InitrdContents(
    Set<String> paths,
    Map<String, String> symlinks,
    Set<String> modules,
    Set<String> builtinModules,
    Set<InitrdCompression> compressions,
    int archives) {

  /** modules.builtin is a few KiB; a larger one is not read. */
  private static final int BUILTIN_MAX = 1 << 20;

  private static final List<String> MODULE_SUFFIXES = List.of(".ko", ".ko.xz", ".ko.zst", ".ko.gz");

  /** Copies the collections. */
  public InitrdContents {
    paths = Collections.unmodifiableSet(new TreeSet<>(paths));
    symlinks = Collections.unmodifiableMap(new TreeMap<>(symlinks));
    modules = Set.copyOf(modules);
    builtinModules = Set.copyOf(builtinModules);
    compressions = Collections.unmodifiableSet(EnumSet.copyOf(compressions));
  }

  /**
   * Reads an initrd, streaming.
   *
   * @param initrd the initrd file
   * @return what it holds
   * @throws IOException when it cannot be read or is malformed
   */
  public static InitrdContents read(Path initrd) throws IOException {
    try (InitrdReader r = InitrdReader.open(initrd)) {
      return read(r);
    }
  }

  /**
   * @param reader a reader before its first entry; read to the end
   * @return what the initrd holds
   * @throws IOException when it cannot be read or is malformed
   */
  public static InitrdContents read(InitrdReader reader) throws IOException {
    Set<String> paths = new HashSet<>();
    Map<String, String> symlinks = new TreeMap<>();
    Set<String> modules = new HashSet<>();
    Set<String> builtin = new HashSet<>();
    Set<InitrdCompression> compressions = EnumSet.noneOf(InitrdCompression.class);
    int archives = 0;
    for (var e = reader.next(); e.isPresent(); e = reader.next()) {
      InitrdEntry entry = e.get();
      paths.add(entry.path());
      compressions.add(entry.compression());
      archives = Math.max(archives, entry.archive() + 1);
      entry.linkTarget().ifPresent(t -> symlinks.put(entry.path(), t));
      moduleName(entry.path()).ifPresent(modules::add);
      if (entry.isFile()
          && entry.path().endsWith("/modules.builtin")
          && entry.size() <= BUILTIN_MAX) {
        builtin.addAll(builtinModules(reader.content()));
      }
    }
    return new InitrdContents(paths, symlinks, modules, builtin, compressions, archives);
  }

  /**
   * Reads a {@code modules.builtin} file: one module path a line ({@code
   * kernel/drivers/md/dm-verity.ko}).
   *
   * @param in its content
   * @return the module names, dashes read as underscores
   * @throws IOException when reading fails
   */
  public static Set<String> builtinModules(InputStream in) throws IOException {
    Set<String> names = new HashSet<>();
    String text = new String(in.readNBytes(BUILTIN_MAX), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      moduleName(line.strip()).ifPresent(names::add);
    }
    return names;
  }

  /**
   * @param name a module name as users write it ({@code dm-verity})
   * @return whether the initrd carries that module or lists it as built into the kernel
   */
  public boolean hasModule(String name) {
    return modules.contains(canonical(name));
  }

  /**
   * @param candidates paths, e.g. the merged-/usr and the classic place of one file
   * @return the first of them the initrd has
   */
  public Optional<String> first(List<String> candidates) {
    return candidates.stream().filter(paths::contains).findFirst();
  }

  static String canonical(String module) {
    return module.replace('-', '_').toLowerCase(Locale.ROOT);
  }

  private static Optional<String> moduleName(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    for (String suffix : MODULE_SUFFIXES) {
      if (base.endsWith(suffix) && base.length() > suffix.length()) {
        return Optional.of(canonical(base.substring(0, base.length() - suffix.length())));
      }
    }
    return Optional.empty();
  }
}
